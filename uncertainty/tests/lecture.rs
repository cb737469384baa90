//! The notebook's answers, computed by the tasks at the notebook's settings: ℓ ≈ 0.109 from 7
//! points and 6 the fewest points; noisy targets are no longer interpolated; in 2-D ℓ ≈ (0.284,
//! 0.284), (0.142, 0.28) with x1's frequency doubled, and 6×6 the fewest grid.

#![allow(clippy::unwrap_used)]

use common::cli::Preset;
use common::task::{Context, Task};
use uncertainty::gpr::{Config2d, Gp1d, Gp2d};

fn ctx() -> Context {
    Context::new(2021, std::path::Path::new("unused"))
}

#[test]
fn one_dimension_the_notebooks_answers() {
    let o = Gp1d::compute(&Gp1d::config(Preset::Quick), &ctx()).unwrap();
    assert!(
        (o.optimised.length_scale - 0.109).abs() < 0.002,
        "{}",
        o.optimised.length_scale
    );
    assert_eq!(o.fewest_points, Some(6), "{:?}", o.by_points);
    // Five points: the flat likelihood lets the optimiser run off to a tiny length scale.
    let five = o.by_points.iter().find(|(n, _)| *n == 5).unwrap().1;
    assert!(five < 0.01, "{five}");
    assert!(
        o.noisy_largest_residual > 0.1,
        "noisy targets are not interpolated"
    );
    assert!(
        o.matern.length_scale > 0.05
            && o.matern.log_marginal_likelihood > o.fixed.log_marginal_likelihood
    );
}

#[test]
fn two_dimensions_the_notebooks_answers() {
    let c = Config2d {
        fewest_from: 5,
        plot_side: 5,
        ..Gp2d::config(Preset::Quick)
    };
    let o = Gp2d::compute(&c, &ctx()).unwrap();
    let (b, d) = (&o.base.length_scales, &o.doubled.length_scales);
    assert!(
        (b[0] - 0.284).abs() < 0.002 && (b[1] - 0.284).abs() < 0.002,
        "{b:?}"
    );
    assert!(
        (d[0] - 0.142).abs() < 0.002 && (d[1] - 0.280).abs() < 0.002,
        "{d:?}"
    );
    assert_eq!(o.fewest_side, Some(6), "{:?}", o.by_side);
}
