//! Our numbers against the Python libraries the notebooks used, on data files the tests write
//! from deterministic formulas. The constants are the output of `reference.py` beside this file
//! (scipy 1.15.3, numpy 2.4.6, refnx 0.1.67); run it to regenerate them.

#![allow(clippy::unwrap_used, clippy::needless_range_loop)]

use classic::curve_fit::fit_lorentzian;
use classic::data::read_xy;
use classic::model_selection::fit_both;
use classic::models::{self, Norm};
use classic::reflect::{self, two_layer};
use classic::{standin, table};

const LORENTZIAN_PARAMS: [f64; 4] = [
    0.947111354282077,
    0.5391835815870453,
    -0.03547147689671969,
    0.4959051243865777,
];
const LORENTZIAN_ERRORS: [f64; 4] = [
    0.009608230881055325,
    0.006943301516184937,
    0.00428151711823645,
    0.0010462257226010973,
];
const LN_L_SIGMA: f64 = 110.72653432233786;
const LN_L_SIGMA2: f64 = 354.9933143040838;
const LINE_PARAMS: [f64; 2] = [6.9932822491010835, -1.2041294952479549];
const QUADRATIC_PARAMS: [f64; 3] = [0.22804026062693872, 4.712879664307761, 2.1742445799377013];
const LINE_LN_L: f64 = -24.156539037918836;
const QUADRATIC_LN_L: f64 = -20.80860439020281;
const REFLECT_PLAIN: [f64; 12] = [
    0.1644809016604186,
    0.08537518480815977,
    0.04230519116794085,
    0.02039393779646183,
    0.009632594220445562,
    0.0044412783137787815,
    0.0019637400363380283,
    0.0007972972961588842,
    0.000269062269600724,
    5.925023871423558e-05,
    4.2650171833776115e-06,
    3.304812987091016e-07,
];
const REFLECT_SMEARED: [f64; 12] = [
    0.16454884347744794,
    0.08542885798356002,
    0.04233731735336036,
    0.020411000577557393,
    0.00964119601343071,
    0.00444553926706853,
    0.0019658622518264634,
    0.0007983817552845279,
    0.00026963431643026484,
    5.953490978281417e-05,
    4.347837922459875e-06,
    3.2886072083223604e-07,
];

const LOW_TRUTH_MODEL: [f64; 50] = [
    0.1645533241184635,
    0.14281536235675266,
    0.123518241109134,
    0.10649820895484091,
    0.09157191037809344,
    0.07854710458636019,
    0.06723108689414012,
    0.0574369252171225,
    0.04898777083594344,
    0.041719569415459234,
    0.03548250879846315,
    0.030141515708179262,
    0.025576070982306336,
    0.021679564111170932,
    0.01835836005488008,
    0.015530708603779777,
    0.01312559063908292,
    0.011081566810631589,
    0.009345671831500037,
    0.007872380878117747,
    0.006622662456558175,
    0.0055631235768723265,
    0.004665247315180223,
    0.003904719128899034,
    0.003260836059137605,
    0.002715991768536614,
    0.002255229892303818,
    0.0018658581807815423,
    0.0015371162071290043,
    0.0012598898776706013,
    0.0010264665291198677,
    0.0008303249683580809,
    0.0006659553709663621,
    0.0005287044857328565,
    0.0004146420899083919,
    0.0003204451137228098,
    0.00024329632633991133,
    0.00018079498692271336,
    0.00013087746491577756,
    9.174658085177695e-05,
    6.180936084323475e-05,
    3.962403927290042e-05,
    2.3858391573954377e-05,
    1.3262566172657691e-05,
    6.660003043150337e-06,
    2.959023656080394e-06,
    1.1844396730382324e-06,
    5.226854359863811e-07,
    3.6647307922660405e-07,
    3.3895933201987655e-07,
];
const LOW_TRUTH_LN_L: f64 = 816.5869530602237;
const LOW_OFF_MODEL: [f64; 50] = [
    0.16699335905420726,
    0.1449888614315497,
    0.12544087597122475,
    0.10818844055400852,
    0.09304972414893331,
    0.07983298602318036,
    0.06834523813726395,
    0.05839870220833841,
    0.049815309280114246,
    0.04242956378960063,
    0.03609010952820848,
    0.030660313318797747,
    0.02601814099255614,
    0.022055551651309104,
    0.018677588051349184,
    0.015801297582634953,
    0.013354581658674912,
    0.011275041761100108,
    0.009508867415528146,
    0.008009794119681052,
    0.006738146679677266,
    0.005659974552654816,
    0.004746279776177897,
    0.0039723341628264235,
    0.0033170800725490783,
    0.0027626077957933265,
    0.002293702046377171,
    0.0018974500222180397,
    0.0015629037615857452,
    0.0012807899717677445,
    0.0010432610463721509,
    0.0008436815565293415,
    0.000676445062484149,
    0.0005368166258544388,
    0.0004207969046550028,
    0.000325004192675241,
    0.00024657124615300933,
    0.00018305426270645068,
    0.00013235199250138837,
    9.26337286617612e-05,
    6.227589132301726e-05,
    3.980809081872118e-05,
    2.3870831521903494e-05,
    1.3188121579351407e-05,
    6.558658893326753e-06,
    2.868196431905199e-06,
    1.1223212877046552e-06,
    4.928528432591873e-07,
    3.633801431437626e-07,
    3.5340426756276657e-07,
];
const LOW_OFF_LN_L: f64 = -5369925310.167405;
const HIGH_TRUTH_MODEL: [f64; 50] = [
    0.1645633141184635,
    0.14282535235675267,
    0.123528231109134,
    0.10650819895484091,
    0.09158190037809344,
    0.07855709458636019,
    0.06724107689414012,
    0.0574469152171225,
    0.04899776083594344,
    0.041729559415459236,
    0.035492498798463154,
    0.03015150570817926,
    0.025586060982306334,
    0.02168955411117093,
    0.018368350054880078,
    0.015540698603779777,
    0.01313558063908292,
    0.011091556810631589,
    0.009355661831500037,
    0.007882370878117747,
    0.006632652456558174,
    0.005573113576872326,
    0.004675237315180223,
    0.0039147091288990335,
    0.003270826059137605,
    0.0027259817685366143,
    0.0022652198923038182,
    0.0018758481807815424,
    0.0015471062071290044,
    0.0012698798776706014,
    0.0010364565291198678,
    0.0008403149683580809,
    0.0006759453709663621,
    0.0005386944857328564,
    0.0004246320899083919,
    0.00033043511372280983,
    0.00025328632633991134,
    0.00019078498692271336,
    0.00014086746491577757,
    0.00010173658085177696,
    7.179936084323475e-05,
    4.961403927290042e-05,
    3.384839157395438e-05,
    2.3252566172657694e-05,
    1.6650003043150338e-05,
    1.2949023656080395e-05,
    1.1174439673038234e-05,
    1.0512685435986382e-05,
    1.0356473079226604e-05,
    1.0328959332019878e-05,
];
const HIGH_TRUTH_LN_L: f64 = 482.01985267076833;
const HIGH_OFF_MODEL: [f64; 50] = [
    0.16702332905420725,
    0.1450188314315497,
    0.12547084597122474,
    0.10821841055400852,
    0.09307969414893331,
    0.07986295602318036,
    0.06837520813726396,
    0.05842867220833842,
    0.04984527928011425,
    0.042459533789600636,
    0.03612007952820848,
    0.030690283318797744,
    0.026048110992556137,
    0.0220855216513091,
    0.01870755805134918,
    0.01583126758263495,
    0.013384551658674913,
    0.011305011761100109,
    0.009538837415528146,
    0.008039764119681053,
    0.006768116679677266,
    0.005689944552654816,
    0.004776249776177897,
    0.004002304162826423,
    0.0033470500725490786,
    0.0027925777957933267,
    0.0023236720463771714,
    0.0019274200222180397,
    0.0015928737615857453,
    0.0013107599717677445,
    0.001073231046372151,
    0.0008736515565293414,
    0.0007064150624841489,
    0.0005667866258544387,
    0.00045076690465500283,
    0.00035497419267524103,
    0.0002765412461530094,
    0.00021302426270645067,
    0.00016232199250138836,
    0.0001226037286617612,
    9.224589132301726e-05,
    6.977809081872119e-05,
    5.38408315219035e-05,
    4.3158121579351413e-05,
    3.652865889332676e-05,
    3.2838196431905206e-05,
    3.109232128770466e-05,
    3.046285284325919e-05,
    3.0333380143143766e-05,
    3.032340426756277e-05,
];
const HIGH_OFF_LN_L: f64 = -29299.55355929478;

fn rel(a: f64, b: f64) -> f64 {
    (a - b).abs() / b.abs()
}

/// The deterministic files of reference.py, written and read back through the loader.
fn write_and_read(name: &str, columns: [Vec<f64>; 3]) -> table::Table {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    table::write(
        &path,
        &["x", "y", "yerr"],
        &[&columns[0], &columns[1], &columns[2]],
    )
    .unwrap();
    read_xy(&path).unwrap()
}

fn lorentzian_file() -> table::Table {
    write_and_read("lorentzian.txt", standin::fixed_lorentzian())
}

#[test]
fn curve_fit_matches_scipy_within_1e_4() {
    let fit = fit_lorentzian(&lorentzian_file()).unwrap();
    for k in 0..4 {
        assert!(
            rel(fit.params[k], LORENTZIAN_PARAMS[k]) < 1e-4,
            "param {k}: {} vs {}",
            fit.params[k],
            LORENTZIAN_PARAMS[k]
        );
        assert!(
            rel(fit.errors[k], LORENTZIAN_ERRORS[k]) < 1e-4,
            "error {k}: {} vs {}",
            fit.errors[k],
            LORENTZIAN_ERRORS[k]
        );
    }
}

#[test]
fn log_likelihoods_are_exact() {
    let d = lorentzian_file();
    let p = [0.95, 0.54, -0.04, 0.5];
    let model = || d.column(0).iter().map(|&x| models::lorentzian(&p, x));
    let a = models::ln_likelihood(d.column(1), model(), d.column(2), Norm::TwoPiSigma);
    let b = models::ln_likelihood(d.column(1), model(), d.column(2), Norm::TwoPiSigmaSquared);
    assert!(rel(a, LN_L_SIGMA) < 1e-12, "{a} vs {LN_L_SIGMA}");
    assert!(rel(b, LN_L_SIGMA2) < 1e-12, "{b} vs {LN_L_SIGMA2}");
}

#[test]
fn model_selection_fits_match_scipy() {
    let d = write_and_read("nested.txt", standin::fixed_nested());
    let (line, quad, l1, l2) = fit_both(&d).unwrap();
    for k in 0..2 {
        assert!(
            rel(line.params[k], LINE_PARAMS[k]) < 1e-6,
            "{:?}",
            line.params
        );
    }
    for k in 0..3 {
        assert!(
            rel(quad.params[k], QUADRATIC_PARAMS[k]) < 1e-6,
            "{:?}",
            quad.params
        );
    }
    assert!(rel(l1, LINE_LN_L) < 1e-9, "{l1}");
    assert!(rel(l2, QUADRATIC_LN_L) < 1e-9, "{l2}");
}

#[test]
fn reflectivity_matches_refnx_within_1e_6() {
    let (a, b) = (0.005_f64.ln(), 0.3_f64.ln());
    let q: Vec<f64> = (0..12)
        .map(|i| (a + (b - a) * i as f64 / 11.0).exp())
        .collect();
    let stack = two_layer(19.0, 9.0);
    let quad = reflect::gauss_legendre(17);
    let plain = reflect::reflectivity(&q, &stack, reflect::Smearing::None, 1.0, 0.0);
    let dq: Vec<f64> = q.iter().map(|q| 0.05 * q).collect();
    let pointwise = reflect::Smearing::PointWise {
        dq: &dq,
        quad: &quad,
    };
    let smeared = reflect::reflectivity(&q, &stack, pointwise, 1.0, 0.0);
    for i in 0..12 {
        assert!(
            rel(plain[i], REFLECT_PLAIN[i]) < 1e-6,
            "q {}: {} vs {}",
            q[i],
            plain[i],
            REFLECT_PLAIN[i]
        );
        assert!(
            rel(smeared[i], REFLECT_SMEARED[i]) < 1e-6,
            "q {}: {} vs {}",
            q[i],
            smeared[i],
            REFLECT_SMEARED[i]
        );
    }
}

#[test]
fn three_column_data_are_smeared_as_refnx_smears_them() {
    // Files like the originals (q R dR; dR signed, errors down to 3e-7 of R; R negative at high
    // q in the noisy one): refnx's ReflectModel(dq=5.) uses its constant-dq/q kernel, and so do
    // we. Agreement to 1e-9 of R, and ln L within 1e-3 where an error of 3e-7 of R makes every
    // 1e-9 of model difference count.
    use classic::data::read_reflectivity;
    use classic::reflectometry::{data_smearing, lipid_model};
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data");
    let quad = reflect::gauss_legendre(17);
    let cases = [
        (
            "reflect_low_background.dat",
            [(19.0, 9.0, 1e-8), (19.3, 8.8, 3e-8)],
            [
                (&LOW_TRUTH_MODEL, LOW_TRUTH_LN_L),
                (&LOW_OFF_MODEL, LOW_OFF_LN_L),
            ],
        ),
        (
            "reflect_high_background.dat",
            [(19.0, 9.0, 1e-5), (19.3, 8.8, 3e-5)],
            [
                (&HIGH_TRUTH_MODEL, HIGH_TRUTH_LN_L),
                (&HIGH_OFF_MODEL, HIGH_OFF_LN_L),
            ],
        ),
    ];
    for (file, params, want) in cases {
        let data = read_reflectivity(&dir.join(file)).unwrap();
        assert_eq!(data.columns.len(), 3);
        for ((t, h, b), (model_ref, ln_l_ref)) in params.into_iter().zip(want) {
            let p = [t, h, b];
            let model = lipid_model(data.column(0), &p, data_smearing(&data, &quad));
            for (i, (m, r)) in model.iter().zip(model_ref.iter()).enumerate() {
                assert!(rel(*m, *r) < 1e-9, "{file} {p:?} point {i}: {m} vs {r}");
            }
            let ln_l = reflect::ln_likelihood(data.column(1), data.column(2), &model);
            assert!(
                (ln_l - ln_l_ref).abs() < 1e-3,
                "{file} {p:?}: ln L {ln_l} vs refnx {ln_l_ref}"
            );
        }
    }
}
