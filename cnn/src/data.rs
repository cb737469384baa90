//! The stand-in for lecture 3's natural-images set (Kaggle "natural-images", 8 classes, about
//! 700 photographs each), which cannot be had offline: procedurally drawn 100×100 scenes of the
//! same 8 classes, each recognisable by its shape and parts — wings and a tail, wheels under a
//! body, pointed or drooping ears, petals around a centre, a round body with a stem and leaf,
//! two wheels joined by a frame, a head over a body with limbs — never by a colour: every part's
//! colour is random, as are pose, scale, position, the textured background, an occluding patch
//! and pixel noise. Written as a class-per-folder tree of JPEGs so that the loader of the real
//! set reads it too.
//!
//! Also the two procedural sets that task 4's VGG16 base can be pre-trained on, drawn the same
//! way: twenty-five other objects made of the same kinds of parts ([`OBJECTS`]), and ten plain
//! geometric figures ([`SHAPES`]); none of their classes is a target class. They are drawn in
//! windows cropped around the object from a whole scene, so that objects keep the target
//! scenes' size in pixels at a smaller image side.

use common::image_folder::write_jpeg;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::path::Path;

pub const CLASSES: [&str; 8] = [
    "airplane",
    "car",
    "cat",
    "dog",
    "flower",
    "fruit",
    "motorbike",
    "person",
];
pub const SIDE: usize = 100;

/// A shape in the object's own frame (units: about the object's size, centred at 0).
#[derive(Clone, Debug)]
enum Shape {
    /// Centre, radii, rotation.
    Ellipse {
        c: (f64, f64),
        r: (f64, f64),
        angle: f64,
    },
    /// A ring: centre, outer and inner radius.
    Ring {
        c: (f64, f64),
        outer: f64,
        inner: f64,
    },
    /// A convex or concave polygon (even–odd rule).
    Polygon(Vec<(f64, f64)>),
    /// A thick segment.
    Line {
        a: (f64, f64),
        b: (f64, f64),
        width: f64,
    },
}

impl Shape {
    fn contains(&self, p: (f64, f64)) -> bool {
        match self {
            Shape::Ellipse { c, r, angle } => {
                let (dx, dy) = (p.0 - c.0, p.1 - c.1);
                let (s, co) = angle.sin_cos();
                let (u, v) = (dx * co + dy * s, -dx * s + dy * co);
                (u / r.0).powi(2) + (v / r.1).powi(2) <= 1.0
            }
            Shape::Ring { c, outer, inner } => {
                let d = ((p.0 - c.0).powi(2) + (p.1 - c.1).powi(2)).sqrt();
                d <= *outer && d >= *inner
            }
            Shape::Polygon(pts) => {
                let mut inside = false;
                let n = pts.len();
                for i in 0..n {
                    let (a, b) = (pts[i], pts[(i + n - 1) % n]);
                    if (a.1 > p.1) != (b.1 > p.1)
                        && p.0 < (b.0 - a.0) * (p.1 - a.1) / (b.1 - a.1) + a.0
                    {
                        inside = !inside;
                    }
                }
                inside
            }
            Shape::Line { a, b, width } => {
                let (vx, vy) = (b.0 - a.0, b.1 - a.1);
                let len2 = (vx * vx + vy * vy).max(1e-12);
                let t = (((p.0 - a.0) * vx + (p.1 - a.1) * vy) / len2).clamp(0.0, 1.0);
                let (qx, qy) = (a.0 + t * vx, a.1 + t * vy);
                ((p.0 - qx).powi(2) + (p.1 - qy).powi(2)).sqrt() <= width / 2.0
            }
        }
    }
}

type Rgb = [f64; 3];

fn random_colour<R: Rng>(rng: &mut R) -> Rgb {
    [
        rng.gen_range(0.0..1.0),
        rng.gen_range(0.0..1.0),
        rng.gen_range(0.0..1.0),
    ]
}

/// The parts of one object of class `class`, each with its colour, with the class's shape
/// varied a little (proportions jitter) so that no two objects are the same.
fn object<R: Rng>(class: usize, rng: &mut R) -> Vec<(Shape, Rgb)> {
    let (main, second, dark) = (random_colour(rng), random_colour(rng), [0.1, 0.1, 0.1]);
    let petals = rng.gen_range(5..9);
    let jitter: Vec<f64> = (0..16).map(|_| rng.gen_range(0.85..1.15)).collect();
    let mut used = 0;
    let mut j = |x: f64| {
        used += 1;
        x * jitter[used % jitter.len()]
    };
    let e = |c: (f64, f64), r: (f64, f64), angle: f64| Shape::Ellipse { c, r, angle };
    match CLASSES[class] {
        "airplane" => vec![
            (
                Shape::Polygon(vec![
                    (-0.1, 0.0),
                    (j(0.1), 0.0),
                    (j(0.05), j(0.75)),
                    (-0.05, 0.75),
                ]),
                second,
            ),
            (
                Shape::Polygon(vec![
                    (-0.1, 0.0),
                    (j(0.1), 0.0),
                    (j(0.05), -j(0.75)),
                    (-0.05, -0.75),
                ]),
                second,
            ),
            (e((0.0, 0.0), (j(0.9), j(0.12)), 0.0), main),
            (
                Shape::Polygon(vec![(-0.7, 0.0), (-0.95, 0.0), (-0.95, -j(0.35))]),
                second,
            ),
            (
                Shape::Polygon(vec![(-0.8, 0.0), (-0.95, j(0.25)), (-0.95, -j(0.25))]),
                second,
            ),
        ],
        "car" => vec![
            (
                Shape::Polygon(vec![
                    (-0.9, 0.0),
                    (0.9, 0.0),
                    (0.9, -j(0.35)),
                    (-0.9, -0.35),
                ]),
                main,
            ),
            (
                Shape::Polygon(vec![
                    (-j(0.5), -0.3),
                    (j(0.45), -0.3),
                    (0.3, -j(0.65)),
                    (-0.35, -0.65),
                ]),
                main,
            ),
            (
                Shape::Polygon(vec![
                    (-0.3, -0.35),
                    (0.25, -0.35),
                    (0.18, -0.58),
                    (-0.22, -0.58),
                ]),
                second,
            ),
            (
                Shape::Ring {
                    c: (-0.55, 0.05),
                    outer: j(0.22),
                    inner: 0.08,
                },
                dark,
            ),
            (
                Shape::Ring {
                    c: (0.55, 0.05),
                    outer: j(0.22),
                    inner: 0.08,
                },
                dark,
            ),
        ],
        "cat" => vec![
            (e((0.0, 0.45), (j(0.5), j(0.4)), 0.0), main),
            (e((0.0, -0.15), (j(0.42), j(0.38)), 0.0), main),
            (
                Shape::Polygon(vec![(-0.4, -0.3), (-0.12, -0.45), (-j(0.38), -j(0.85))]),
                main,
            ),
            (
                Shape::Polygon(vec![(0.4, -0.3), (0.12, -0.45), (j(0.38), -j(0.85))]),
                main,
            ),
            (e((-0.15, -0.2), (0.07, 0.05), 0.0), second),
            (e((0.15, -0.2), (0.07, 0.05), 0.0), second),
            (
                Shape::Line {
                    a: (0.45, 0.6),
                    b: (j(0.85), j(0.1)),
                    width: 0.1,
                },
                main,
            ),
        ],
        "dog" => vec![
            (e((0.0, 0.5), (j(0.5), j(0.38)), 0.0), main),
            (e((0.0, -0.15), (j(0.38), j(0.4)), 0.0), main),
            (e((-0.42, -0.05), (j(0.12), j(0.35)), 0.25), second),
            (e((0.42, -0.05), (j(0.12), j(0.35)), -0.25), second),
            (e((0.0, 0.05), (j(0.2), j(0.14)), 0.0), second),
            (e((0.0, -0.02), (0.07, 0.05), 0.0), dark),
            (
                Shape::Line {
                    a: (-0.45, 0.7),
                    b: (-j(0.8), j(0.45)),
                    width: 0.08,
                },
                main,
            ),
        ],
        "flower" => {
            let n = petals;
            let mut parts = vec![(
                Shape::Line {
                    a: (0.0, 0.2),
                    b: (0.05, 1.0),
                    width: 0.06,
                },
                [0.2, 0.5, 0.2],
            )];
            for k in 0..n {
                let a = std::f64::consts::TAU * k as f64 / n as f64;
                parts.push((
                    e(
                        (0.35 * a.cos(), -0.35 + 0.35 * a.sin()),
                        (j(0.28), j(0.1)),
                        a,
                    ),
                    main,
                ));
            }
            parts.push((e((0.0, -0.35), (j(0.14), j(0.14)), 0.0), second));
            parts
        }
        "fruit" => vec![
            (e((0.0, 0.1), (j(0.6), j(0.55)), 0.0), main),
            (
                Shape::Line {
                    a: (0.0, -0.42),
                    b: (j(0.08), -j(0.7)),
                    width: 0.07,
                },
                dark,
            ),
            (e((0.2, -0.6), (j(0.2), 0.07), -0.5), second),
        ],
        "motorbike" => vec![
            (
                Shape::Ring {
                    c: (-0.6, 0.3),
                    outer: j(0.3),
                    inner: 0.2,
                },
                dark,
            ),
            (
                Shape::Ring {
                    c: (0.6, 0.3),
                    outer: j(0.3),
                    inner: 0.2,
                },
                dark,
            ),
            (
                Shape::Line {
                    a: (-0.6, 0.3),
                    b: (0.0, -0.1),
                    width: 0.1,
                },
                main,
            ),
            (
                Shape::Line {
                    a: (0.0, -0.1),
                    b: (0.6, 0.3),
                    width: 0.1,
                },
                main,
            ),
            (
                Shape::Line {
                    a: (0.45, -0.45),
                    b: (0.6, 0.3),
                    width: 0.08,
                },
                main,
            ),
            (e((0.05, -0.15), (j(0.3), j(0.1)), 0.0), second),
            (
                Shape::Line {
                    a: (0.35, -0.5),
                    b: (0.6, -0.45),
                    width: 0.07,
                },
                dark,
            ),
        ],
        _ => vec![
            // person
            (e((0.0, -0.7), (j(0.17), j(0.2)), 0.0), second),
            (
                Shape::Polygon(vec![
                    (-j(0.25), -0.48),
                    (j(0.25), -0.48),
                    (0.22, 0.25),
                    (-0.22, 0.25),
                ]),
                main,
            ),
            (
                Shape::Line {
                    a: (-0.12, 0.2),
                    b: (-j(0.2), 0.95),
                    width: 0.12,
                },
                main,
            ),
            (
                Shape::Line {
                    a: (0.12, 0.2),
                    b: (j(0.2), 0.95),
                    width: 0.12,
                },
                main,
            ),
            (
                Shape::Line {
                    a: (-0.25, -0.42),
                    b: (-j(0.45), j(0.15)),
                    width: 0.09,
                },
                second,
            ),
            (
                Shape::Line {
                    a: (0.25, -0.42),
                    b: (j(0.45), j(0.15)),
                    width: 0.09,
                },
                second,
            ),
        ],
    }
}

/// One 100×100 RGB scene of class `class`.
pub fn render<R: Rng>(class: usize, rng: &mut R) -> Vec<u8> {
    let background = Background::random(rng);
    let parts = object(class, rng);
    let pose = Pose {
        scale: rng.gen_range(22.0..40.0),
        angle: rng.gen_range(-0.45..0.45),
        mirror: rng.gen_bool(0.5),
        centre: (rng.gen_range(38.0..62.0), rng.gen_range(38.0..62.0)),
    };
    scene(&background, &parts, &pose, 0.5, rng)
}

/// A textured background: a colour gradient with stripes at a random angle.
struct Background {
    from: Rgb,
    to: Rgb,
    freq: f64,
    phase: f64,
    angle: f64,
    stripe: f64,
}

impl Background {
    fn random<R: Rng>(rng: &mut R) -> Self {
        Self {
            from: random_colour(rng),
            to: random_colour(rng),
            freq: rng.gen_range(0.05..0.3),
            phase: rng.gen_range(0.0..6.3),
            angle: rng.gen_range(0.0..std::f64::consts::PI),
            stripe: rng.gen_range(0.0..0.25),
        }
    }
}

/// Where an object sits: pixels per object unit, rotation, mirror image, centre in pixels.
struct Pose {
    scale: f64,
    angle: f64,
    mirror: bool,
    centre: (f64, f64),
}

/// A `side`×`side` window of a 100×100 scene of `parts` in `pose`, around the object (its centre
/// at most a quarter of the side from the window's centre): the object keeps the target scenes'
/// size in pixels whatever `side` is. The whole scene if `side` is 100 or more.
fn scene_window<R: Rng>(
    side: usize,
    background: &Background,
    parts: &[(Shape, Rgb)],
    pose: &Pose,
    occlusion: f64,
    rng: &mut R,
) -> Vec<u8> {
    let full = scene(background, parts, pose, occlusion, rng);
    if side >= SIDE {
        return full;
    }
    let mut corner = |c: f64| {
        let shift = rng.gen_range(-0.25..0.25) * side as f64;
        (c + shift - side as f64 / 2.0)
            .round()
            .clamp(0.0, (SIDE - side) as f64) as usize
    };
    let (x0, y0) = (corner(pose.centre.0), corner(pose.centre.1));
    (y0..y0 + side)
        .flat_map(|y| {
            full[(y * SIDE + x0) * 3..(y * SIDE + x0 + side) * 3]
                .iter()
                .copied()
        })
        .collect()
}

/// Paint `parts` in `pose` over `background` on a 100×100 image, then an occluding patch (with
/// probability `occlusion`) and pixel noise; RGB bytes, row-major.
fn scene<R: Rng>(
    background: &Background,
    parts: &[(Shape, Rgb)],
    pose: &Pose,
    occlusion: f64,
    rng: &mut R,
) -> Vec<u8> {
    let (b, side) = (background, SIDE);
    let mut img = vec![[0.0f64; 3]; side * side];
    for (k, px) in img.iter_mut().enumerate() {
        let (x, y) = ((k % side) as f64, (k / side) as f64);
        let g = (x + y) / (2.0 * SIDE as f64);
        let s = b.stripe * ((x * b.angle.cos() + y * b.angle.sin()) * b.freq + b.phase).sin();
        for (c, v) in px.iter_mut().enumerate() {
            *v = b.from[c] * (1.0 - g) + b.to[c] * g + s;
        }
    }
    let (s, c) = pose.angle.sin_cos();
    let mirror = if pose.mirror { -1.0 } else { 1.0 };
    for (k, px) in img.iter_mut().enumerate() {
        let (dx, dy) = (
            ((k % side) as f64 + 0.5 - pose.centre.0) / pose.scale,
            ((k / side) as f64 + 0.5 - pose.centre.1) / pose.scale,
        );
        let p = (mirror * (dx * c + dy * s), -dx * s + dy * c);
        for (shape, colour) in parts {
            if shape.contains(p) {
                *px = *colour;
            }
        }
    }
    // A random occluding patch over up to about a fifth of the image.
    if rng.gen_bool(occlusion) {
        let (w, h) = (
            rng.gen_range(side / 10..side * 2 / 5),
            rng.gen_range(side / 10..side * 2 / 5),
        );
        let (x0, y0) = (rng.gen_range(0..side - w), rng.gen_range(0..side - h));
        let colour = random_colour(rng);
        for y in y0..y0 + h {
            for x in x0..x0 + w {
                img[y * side + x] = colour;
            }
        }
    }
    let noise = rng.gen_range(0.0..0.08);
    img.iter()
        .flat_map(|px| *px)
        .map(|v| {
            ((v + noise * (rng.gen::<f64>() - 0.5) * 2.0).clamp(0.0, 1.0) * 255.0).round() as u8
        })
        .collect()
}

/// The classes of the pre-training set of task 4: plain geometric figures, none of them one of
/// the eight target classes.
pub const SHAPES: [&str; 10] = [
    "disc", "ring", "triangle", "square", "hexagon", "star", "cross", "arrow", "chevron", "bars",
];

fn regular(n: usize, r: f64, inner: Option<f64>) -> Shape {
    let k = if inner.is_some() { 2 * n } else { n };
    Shape::Polygon(
        (0..k)
            .map(|i| {
                let a = std::f64::consts::TAU * i as f64 / k as f64;
                let radius = match inner {
                    Some(ri) if i % 2 == 1 => ri,
                    _ => r,
                };
                (radius * a.cos(), radius * a.sin())
            })
            .collect(),
    )
}

/// The parts of one figure of class `class` (index into [`SHAPES`]), proportions jittered.
fn figure<R: Rng>(class: usize, rng: &mut R) -> Vec<Shape> {
    let w = rng.gen_range(0.7..1.0);
    let bar = |a: (f64, f64), b: (f64, f64), width: f64| Shape::Line { a, b, width };
    match SHAPES[class] {
        "disc" => vec![Shape::Ellipse {
            c: (0.0, 0.0),
            r: (0.8, 0.8 * w),
            angle: 0.0,
        }],
        "ring" => vec![Shape::Ring {
            c: (0.0, 0.0),
            outer: 0.8,
            inner: 0.8 * rng.gen_range(0.45..0.7),
        }],
        "triangle" => vec![regular(3, 0.9, None)],
        "square" => vec![regular(4, 0.85, None)],
        "hexagon" => vec![regular(6, 0.8, None)],
        "star" => vec![regular(5, 0.9, Some(0.4 * w))],
        "cross" => vec![
            bar((-0.8, 0.0), (0.8, 0.0), 0.3 * w),
            bar((0.0, -0.8), (0.0, 0.8), 0.3 * w),
        ],
        "arrow" => vec![
            bar((-0.8, 0.0), (0.3, 0.0), 0.25 * w),
            Shape::Polygon(vec![(0.2, -0.45), (0.9, 0.0), (0.2, 0.45)]),
        ],
        "chevron" => vec![Shape::Polygon(vec![
            (-0.8, -0.6),
            (0.0, 0.2 * w),
            (0.8, -0.6),
            (0.8, -0.1),
            (0.0, 0.7),
            (-0.8, -0.1),
        ])],
        _ => (0..3)
            .map(|i| {
                let y = -0.6 + 0.6 * i as f64;
                bar((-0.8, y), (0.8, y), 0.25 * w)
            })
            .collect(),
    }
}

/// One `side`×`side` RGB scene of the pre-training set: a figure of class `class` (index into
/// [`SHAPES`]) in a random colour and orientation on the same kind of textured background,
/// occlusion and noise as the target scenes, at their size in pixels (a window of a 100×100
/// scene when `side` is smaller).
pub fn render_shape<R: Rng>(class: usize, side: usize, rng: &mut R) -> Vec<u8> {
    let background = Background::random(rng);
    let colour = random_colour(rng);
    let parts: Vec<(Shape, Rgb)> = figure(class, rng)
        .into_iter()
        .map(|s| (s, colour))
        .collect();
    let pose = Pose {
        scale: rng.gen_range(32.0..48.0),
        angle: rng.gen_range(-0.45..0.45),
        mirror: false,
        centre: (rng.gen_range(35.0..65.0), rng.gen_range(35.0..65.0)),
    };
    scene_window(side, &background, &parts, &pose, 0.3, rng)
}

/// The classes of the second pre-training set of task 4: twenty-five other objects drawn from
/// the same kinds of parts as the target classes (wheels, wings, bodies, heads, stems), none of
/// them one of the eight targets — the role ImageNet's thousand classes play for the original.
pub const OBJECTS: [&str; 25] = [
    "truck",
    "bicycle",
    "boat",
    "house",
    "tree",
    "bird",
    "fish",
    "butterfly",
    "cup",
    "snowman",
    "dragonfly",
    "helicopter",
    "rocket",
    "fox",
    "rabbit",
    "owl",
    "bear",
    "horse",
    "sun",
    "windmill",
    "balloon",
    "robot",
    "bus",
    "scooter",
    "penguin",
];

/// The parts of one object of class `class` (index into [`OBJECTS`]), each with its colour.
fn other_object<R: Rng>(class: usize, rng: &mut R) -> Vec<(Shape, Rgb)> {
    let (main, second, dark) = (random_colour(rng), random_colour(rng), [0.1, 0.1, 0.1]);
    // The sun's rays and the windmill's turn, drawn before `j` borrows the generator.
    let (rays, turn) = (
        rng.gen_range(8..13),
        rng.gen_range(0.0..std::f64::consts::FRAC_PI_2),
    );
    let mut j = |x: f64| x * rng.gen_range(0.85..1.15);
    let e = |c: (f64, f64), r: (f64, f64), angle: f64| Shape::Ellipse { c, r, angle };
    let line = |a: (f64, f64), b: (f64, f64), width: f64| Shape::Line { a, b, width };
    let ring = |c: (f64, f64), outer: f64, inner: f64| Shape::Ring { c, outer, inner };
    let rect = |x0: f64, y0: f64, x1: f64, y1: f64| {
        Shape::Polygon(vec![(x0, y0), (x1, y0), (x1, y1), (x0, y1)])
    };
    let tri = |a: (f64, f64), b: (f64, f64), c: (f64, f64)| Shape::Polygon(vec![a, b, c]);
    match OBJECTS[class] {
        "truck" => vec![
            (
                Shape::Polygon(vec![
                    (-0.95, 0.15),
                    (0.35, 0.15),
                    (0.35, -j(0.6)),
                    (-0.95, -0.6),
                ]),
                main,
            ),
            (
                Shape::Polygon(vec![
                    (0.4, 0.15),
                    (0.95, 0.15),
                    (0.95, -0.2),
                    (0.75, -j(0.45)),
                    (0.4, -0.45),
                ]),
                second,
            ),
            (ring((-0.6, 0.25), j(0.2), 0.07), dark),
            (ring((0.0, 0.25), j(0.2), 0.07), dark),
            (ring((0.7, 0.25), j(0.2), 0.07), dark),
        ],
        "bicycle" => vec![
            (ring((-0.6, 0.3), j(0.33), 0.27), dark),
            (ring((0.6, 0.3), j(0.33), 0.27), dark),
            (line((-0.6, 0.3), (-0.1, -0.3), 0.06), main),
            (line((-0.1, -0.3), (0.45, -0.3), 0.06), main),
            (line((0.45, -0.3), (0.6, 0.3), 0.06), main),
            (line((-0.6, 0.3), (0.1, 0.3), 0.06), main),
            (line((0.1, 0.3), (-0.1, -0.3), 0.06), main),
        ],
        "boat" => vec![
            (
                Shape::Polygon(vec![
                    (-0.95, 0.2),
                    (0.95, 0.2),
                    (j(0.6), 0.55),
                    (-0.6, 0.55),
                ]),
                main,
            ),
            (line((0.0, 0.2), (0.0, -j(0.95)), 0.06), dark),
            (
                Shape::Polygon(vec![(0.05, -0.9), (0.05, 0.1), (j(0.7), 0.1)]),
                second,
            ),
        ],
        "house" => vec![
            (
                Shape::Polygon(vec![(-0.7, 0.8), (0.7, 0.8), (0.7, -0.1), (-0.7, -0.1)]),
                main,
            ),
            (
                Shape::Polygon(vec![(-0.85, -0.1), (0.85, -0.1), (0.0, -j(0.85))]),
                second,
            ),
            (
                Shape::Polygon(vec![(-0.15, 0.8), (0.15, 0.8), (0.15, 0.35), (-0.15, 0.35)]),
                dark,
            ),
            (
                Shape::Polygon(vec![(0.3, 0.35), (0.55, 0.35), (0.55, 0.1), (0.3, 0.1)]),
                second,
            ),
        ],
        "tree" => vec![
            (line((0.0, 0.95), (0.0, 0.1), j(0.2)), [0.35, 0.2, 0.1]),
            (e((0.0, -0.3), (j(0.65), j(0.6)), 0.0), main),
        ],
        "bird" => vec![
            (e((0.0, 0.1), (j(0.55), j(0.3)), 0.0), main),
            (e((0.5, -0.25), (0.2, 0.18), 0.0), main),
            (
                Shape::Polygon(vec![(0.68, -0.3), (0.68, -0.2), (j(0.95), -0.25)]),
                dark,
            ),
            (e((-0.05, -0.05), (j(0.35), 0.14), -0.5), second),
            (
                Shape::Polygon(vec![(-0.5, 0.1), (-0.95, -0.1), (-0.95, 0.3)]),
                main,
            ),
            (line((0.0, 0.35), (0.0, 0.7), 0.05), dark),
        ],
        "fish" => vec![
            (e((0.1, 0.0), (j(0.6), j(0.32)), 0.0), main),
            (
                Shape::Polygon(vec![(-0.45, 0.0), (-0.95, -j(0.35)), (-0.95, j(0.35))]),
                second,
            ),
            (e((0.45, -0.08), (0.06, 0.06), 0.0), dark),
            (
                Shape::Polygon(vec![(-0.1, -0.28), (0.2, -0.28), (0.0, -j(0.5))]),
                second,
            ),
        ],
        "butterfly" => vec![
            (e((-0.42, -0.3), (j(0.4), j(0.3)), 0.4), main),
            (e((0.42, -0.3), (j(0.4), j(0.3)), -0.4), main),
            (e((-0.35, 0.3), (j(0.3), j(0.22)), -0.4), second),
            (e((0.35, 0.3), (j(0.3), j(0.22)), 0.4), second),
            (e((0.0, 0.0), (0.07, j(0.55)), 0.0), dark),
            (line((0.0, -0.5), (-0.2, -0.85), 0.04), dark),
            (line((0.0, -0.5), (0.2, -0.85), 0.04), dark),
        ],
        "cup" => vec![
            (ring((0.45, 0.0), j(0.3), 0.17), main),
            (
                Shape::Polygon(vec![
                    (-0.55, -0.5),
                    (0.5, -0.5),
                    (j(0.4), 0.6),
                    (-0.45, 0.6),
                ]),
                main,
            ),
            (e((0.0, 0.65), (j(0.75), 0.1), 0.0), second),
        ],
        "snowman" => vec![
            (e((0.0, 0.5), (j(0.45), j(0.42)), 0.0), main),
            (e((0.0, -0.15), (j(0.32), j(0.3)), 0.0), main),
            (e((0.0, -0.62), (j(0.22), j(0.2)), 0.0), main),
            (
                Shape::Polygon(vec![
                    (-0.22, -0.78),
                    (0.22, -0.78),
                    (0.15, -j(1.0)),
                    (-0.15, -1.0),
                ]),
                dark,
            ),
            (line((0.3, -0.15), (j(0.75), -0.4), 0.05), second),
            (line((-0.3, -0.15), (-j(0.75), -0.4), 0.05), second),
        ],
        "dragonfly" => vec![
            (e((0.35, -0.3), (0.1, j(0.4)), 0.35), second),
            (e((0.35, 0.3), (0.1, j(0.4)), -0.35), second),
            (e((0.0, -0.28), (0.09, j(0.34)), 0.2), second),
            (e((0.0, 0.28), (0.09, j(0.34)), -0.2), second),
            (e((0.0, 0.0), (j(0.85), j(0.07)), 0.0), main),
            (e((0.85, 0.0), (0.11, 0.1), 0.0), dark),
        ],
        "helicopter" => vec![
            (line((-0.25, 0.05), (-0.95, -0.05), 0.08), main),
            (line((-0.95, -0.3), (-0.9, 0.1), 0.06), second),
            (e((0.15, 0.1), (j(0.45), j(0.3)), 0.0), main),
            (e((0.4, 0.0), (0.15, 0.12), 0.0), second),
            (line((0.15, -0.15), (0.15, -0.38), 0.05), dark),
            (line((-j(0.6), -0.38), (j(0.9), -0.38), 0.05), dark),
            (line((-0.2, 0.55), (0.55, 0.55), 0.05), dark),
        ],
        "rocket" => vec![
            (rect(-0.18, -0.5, 0.18, 0.6), main),
            (tri((-0.18, -0.5), (0.18, -0.5), (0.0, -j(0.95))), second),
            (tri((-0.18, 0.2), (-0.18, 0.6), (-j(0.45), 0.72)), second),
            (tri((0.18, 0.2), (0.18, 0.6), (j(0.45), 0.72)), second),
            (ring((0.0, -0.15), 0.1, 0.05), dark),
            (tri((-0.12, 0.6), (0.12, 0.6), (0.0, j(0.95))), second),
        ],
        "fox" => vec![
            (e((-0.6, 0.1), (j(0.4), j(0.14)), -0.4), second),
            (e((0.0, 0.3), (j(0.5), j(0.24)), 0.0), main),
            (line((-0.3, 0.4), (-0.3, 0.85), 0.08), main),
            (line((0.3, 0.4), (0.3, 0.85), 0.08), main),
            (e((0.5, -0.15), (0.22, 0.18), 0.0), main),
            (tri((0.6, -0.05), (0.6, -0.25), (j(0.95), -0.12)), main),
            (tri((0.35, -0.25), (0.5, -0.3), (0.38, -j(0.6))), main),
            (tri((0.55, -0.3), (0.68, -0.25), (0.65, -j(0.6))), main),
        ],
        "rabbit" => vec![
            (e((0.0, 0.4), (j(0.45), j(0.4)), 0.0), main),
            (e((-0.45, 0.5), (0.12, 0.12), 0.0), second),
            (e((0.0, -0.2), (0.28, 0.25), 0.0), main),
            (e((-0.12, -0.7), (0.07, j(0.3)), -0.15), main),
            (e((0.12, -0.7), (0.07, j(0.3)), 0.15), main),
            (e((0.1, -0.22), (0.04, 0.04), 0.0), dark),
        ],
        "owl" => vec![
            (tri((-0.35, -0.35), (-0.12, -0.45), (-0.35, -j(0.75))), main),
            (tri((0.35, -0.35), (0.12, -0.45), (0.35, -j(0.75))), main),
            (e((0.0, 0.2), (j(0.45), j(0.65)), 0.0), main),
            (e((0.0, 0.38), (0.3, 0.4), 0.0), second),
            (ring((-0.17, -0.2), j(0.15), 0.06), dark),
            (ring((0.17, -0.2), j(0.15), 0.06), dark),
            (tri((-0.05, -0.05), (0.05, -0.05), (0.0, 0.1)), second),
        ],
        "bear" => vec![
            (e((0.0, 0.25), (j(0.45), j(0.45)), 0.0), main),
            (e((-0.25, 0.75), (0.16, 0.1), 0.0), main),
            (e((0.25, 0.75), (0.16, 0.1), 0.0), main),
            (e((-0.26, -0.68), (0.1, 0.1), 0.0), main),
            (e((0.26, -0.68), (0.1, 0.1), 0.0), main),
            (e((0.0, -0.45), (j(0.3), j(0.27)), 0.0), main),
            (e((0.0, -0.38), (0.12, 0.09), 0.0), second),
            (e((0.0, -0.42), (0.05, 0.035), 0.0), dark),
        ],
        "horse" => {
            let mut parts: Vec<(Shape, Rgb)> = [-0.4, -0.25, 0.25, 0.4]
                .iter()
                .map(|&x| (line((x, 0.1), (x, j(0.85)), 0.07), main))
                .collect();
            parts.extend([
                (line((-0.55, -0.05), (-0.8, j(0.45)), 0.08), second),
                (e((0.0, 0.0), (j(0.55), j(0.22)), 0.0), main),
                (line((0.4, -0.05), (0.65, -0.55), 0.16), main),
                (e((0.78, -0.55), (j(0.2), 0.1), 0.5), main),
                (line((0.38, -0.2), (0.58, -0.65), 0.05), second),
            ]);
            parts
        }
        "sun" => {
            let r = j(0.45);
            let mut parts: Vec<(Shape, Rgb)> = (0..rays)
                .map(|k| {
                    let (s, c) = (std::f64::consts::TAU * k as f64 / rays as f64).sin_cos();
                    (line((0.55 * c, 0.55 * s), (0.9 * c, 0.9 * s), 0.07), second)
                })
                .collect();
            parts.push((e((0.0, 0.0), (r, r), 0.0), main));
            parts
        }
        "windmill" => {
            let mut parts = vec![(
                Shape::Polygon(vec![(-0.2, 0.95), (0.2, 0.95), (0.1, -0.2), (-0.1, -0.2)]),
                main,
            )];
            for k in 0..4 {
                let a = turn + std::f64::consts::FRAC_PI_2 * k as f64;
                let (s, c) = a.sin_cos();
                let (tip, w) = (j(0.75), 0.08);
                parts.push((
                    Shape::Polygon(vec![
                        (0.1 * c - w * s, -0.25 + 0.1 * s + w * c),
                        (tip * c - w * s, -0.25 + tip * s + w * c),
                        (tip * c + w * s, -0.25 + tip * s - w * c),
                        (0.1 * c + w * s, -0.25 + 0.1 * s - w * c),
                    ]),
                    second,
                ));
            }
            parts.push((e((0.0, -0.25), (0.08, 0.08), 0.0), dark));
            parts
        }
        "balloon" => vec![
            (line((0.0, 0.3), (j(0.15), 0.95), 0.03), dark),
            (tri((-0.07, 0.32), (0.07, 0.32), (0.0, 0.2)), main),
            (e((0.0, -0.3), (j(0.45), j(0.55)), 0.0), main),
            (e((-0.15, -0.5), (0.08, 0.14), 0.4), second),
        ],
        "robot" => vec![
            (line((0.0, -0.85), (0.0, -1.0), 0.04), dark),
            (rect(-0.25, -0.85, 0.25, -j(0.45)), second),
            (e((-0.1, -0.65), (0.05, 0.05), 0.0), dark),
            (e((0.1, -0.65), (0.05, 0.05), 0.0), dark),
            (rect(-j(0.35), -0.4, 0.35, j(0.3)), main),
            (line((-0.38, -0.3), (-j(0.6), 0.2), 0.1), second),
            (line((0.38, -0.3), (j(0.6), 0.2), 0.1), second),
            (line((-0.15, 0.3), (-0.15, j(0.95)), 0.14), second),
            (line((0.15, 0.3), (0.15, j(0.95)), 0.14), second),
        ],
        "bus" => {
            let mut parts = vec![(rect(-0.95, -0.55, 0.95, j(0.2)), main)];
            for k in 0..4 {
                let x = -0.8 + 0.42 * k as f64;
                parts.push((rect(x, -0.45, x + 0.3, -0.2), second));
            }
            parts.push((ring((-0.55, 0.25), j(0.18), 0.07), dark));
            parts.push((ring((0.6, 0.25), j(0.18), 0.07), dark));
            parts
        }
        "scooter" => vec![
            (line((-0.6, 0.45), (0.35, 0.45), 0.08), main),
            (line((0.45, 0.45), (0.3, -j(0.55)), 0.06), main),
            (line((0.15, -0.55), (0.45, -0.55), 0.06), dark),
            (ring((-0.6, 0.5), j(0.15), 0.08), dark),
            (ring((0.5, 0.5), j(0.15), 0.08), dark),
        ],
        _ => vec![
            // penguin
            (e((-0.38, 0.1), (0.08, j(0.3)), 0.3), main),
            (e((0.38, 0.1), (0.08, j(0.3)), -0.3), main),
            (e((0.0, 0.1), (j(0.35), j(0.7)), 0.0), main),
            (e((0.0, 0.22), (0.22, 0.48), 0.0), second),
            (e((-0.15, 0.8), (0.12, 0.05), 0.0), second),
            (e((0.15, 0.8), (0.12, 0.05), 0.0), second),
            (e((0.0, -0.4), (0.05, 0.05), 0.0), dark),
            (tri((-0.06, -0.3), (0.06, -0.3), (0.0, -0.18)), second),
        ],
    }
}

/// One `side`×`side` RGB scene of the second pre-training set: an object of class `class`
/// (index into [`OBJECTS`]) posed, coloured and cluttered like the target scenes, at their size
/// in pixels (a window of a 100×100 scene when `side` is smaller).
pub fn render_object<R: Rng>(class: usize, side: usize, rng: &mut R) -> Vec<u8> {
    let background = Background::random(rng);
    let parts = other_object(class, rng);
    let pose = Pose {
        scale: rng.gen_range(28.0..45.0),
        angle: rng.gen_range(-0.45..0.45),
        mirror: rng.gen_bool(0.5),
        centre: (rng.gen_range(40.0..60.0), rng.gen_range(40.0..60.0)),
    };
    scene_window(side, &background, &parts, &pose, 0.3, rng)
}

/// Write `per_class` scenes of each class (one more cat, as the original's 701) below `root`
/// as `<class>/<class>_<i>.jpg`, deterministic for `seed`.
pub fn write_tree(root: &Path, per_class: usize, seed: u64) -> common::Result<usize> {
    let mut written = 0;
    for (class, name) in CLASSES.iter().enumerate() {
        let n = per_class + usize::from(*name == "cat");
        for i in 0..n {
            let mut rng = StdRng::seed_from_u64(seed ^ ((class as u64) << 32) ^ i as u64);
            let img = render(class, &mut rng);
            write_jpeg(
                &root.join(name).join(format!("{name}_{i:04}.jpg")),
                &img,
                SIDE,
                SIDE,
            )?;
            written += 1;
        }
    }
    Ok(written)
}

/// Bumped whenever [`render`] changes, so that a tree written by an older generator is not reused.
pub const GENERATOR_VERSION: u32 = 1;

/// Images per class of the stand-in tree (one more cat), as the trimmed original.
pub const PER_CLASS: usize = 700;

/// The stand-in tree for `seed`, written under the data folder on first use (about 5 600 JPEGs,
/// a few seconds) and marked complete, so an interrupted write is redone.
pub fn ensure_stand_in(seed: u64) -> common::Result<std::path::PathBuf> {
    let root = common::paths::data_root()
        .join("natural-images-standin")
        .join(format!("v{GENERATOR_VERSION}-seed-{seed}"));
    let marker = root.join(".complete");
    if !marker.is_file() {
        println!(
            "writing the natural-images stand-in ({} images per class, seed {seed}) to {}",
            PER_CLASS,
            root.display()
        );
        write_tree(&root, PER_CLASS, seed)?;
        std::fs::write(&marker, b"").map_err(common::Error::io(&marker))?;
    }
    Ok(root)
}
