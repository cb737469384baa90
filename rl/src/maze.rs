//! A Pac-Man-like maze game, the stand-in for Atari's MsPacman (its ROM and emulator cannot be
//! had here) in lecture 10.4. The player moves through a 16×16 maze (or the 8×8 [`Layout::Small`],
//! which a DQN learns in a minute) eating pellets (+10 each)
//! while two ghosts wander; touching a ghost costs one of three lives, eating every pellet
//! clears the level (+100). Nine actions as MsPacman's: stay, the four directions and the four
//! diagonals (a diagonal moves where the cell is free). Raw frames are 128×128 RGB, as an
//! emulator's screen would be; [`preprocess`] makes them the network's 64×64 grey input.

use crate::env::{Env, Step};
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};

/// Cells a side of the full maze.
pub const CELLS: usize = 16;
/// Raw screen of the full maze: 8 pixels a cell.
pub const RAW: usize = CELLS * 8;
/// Network input of the full maze: 4 pixels a cell.
pub const SIDE: usize = CELLS * 4;
pub const ACTIONS: usize = 9;
pub const LIVES: u32 = 3;
pub const PELLET_REWARD: f64 = 10.0;
pub const CLEAR_REWARD: f64 = 100.0;
/// Steps after which a game is stopped.
pub const MAX_STEPS: usize = 2000;

/// The full maze: `#` wall, `.` pellet, `P` player start, `G` ghost start (a pellet under it).
const FULL: [&str; CELLS] = [
    "################",
    "#......#.......#",
    "#.##.#.#.#.###.#",
    "#.#..#...#...#.#",
    "#.#.####.###.#.#",
    "#..............#",
    "###.#.##.##.#.##",
    "#...#..G..G.#..#",
    "#.#.#.##.##.#.##",
    "#.#............#",
    "#.####.#.#.###.#",
    "#......#P#.....#",
    "#.##.#.....#.#.#",
    "#.#..###.###.#.#",
    "#...#.........##",
    "################",
];

/// The small maze: 27 pellets, one ghost.
const SMALL: [&str; 8] = [
    "########", "#......#", "#.#.##.#", "#...G..#", "#.##.#.#", "#..P...#", "#.#..#.#", "########",
];

/// Which maze is played.
#[derive(
    Clone,
    Copy,
    Debug,
    Default,
    PartialEq,
    Eq,
    serde::Serialize,
    serde::Deserialize,
    clap::ValueEnum,
)]
#[serde(rename_all = "lowercase")]
pub enum Layout {
    /// 16×16 cells, two ghosts, 64×64 network input (the lecture's game).
    #[default]
    Full,
    /// 8×8 cells, one ghost, 32×32 network input: a DQN beats random play after 4 000 steps.
    Small,
}

impl Layout {
    fn rows(self) -> &'static [&'static str] {
        match self {
            Layout::Full => &FULL,
            Layout::Small => &SMALL,
        }
    }

    /// Cells a side.
    pub fn cells(self) -> usize {
        self.rows().len()
    }

    /// Pixels a side of the raw screen (8 a cell).
    pub fn raw(self) -> usize {
        self.cells() * 8
    }

    /// Pixels a side of the network input (4 a cell).
    pub fn side(self) -> usize {
        self.cells() * 4
    }
}

/// Colours, chosen so that the notebook's grey weighting (0.8, 0.1, 0.1) keeps the player
/// (≈ 230), the ghosts (≈ 120) and the walls (≈ 47) apart.
const WALL: [u8; 3] = [30, 30, 200];
const PELLET: [u8; 3] = [255, 200, 200];
const GHOST: [u8; 3] = [120, 60, 200];
const PLAYER: [u8; 3] = [255, 255, 0];

/// Moves of the nine actions: stay, up, right, left, down, up-right, up-left, down-right, down-left.
const MOVES: [(i32, i32); ACTIONS] = [
    (0, 0),
    (-1, 0),
    (0, 1),
    (0, -1),
    (1, 0),
    (-1, 1),
    (-1, -1),
    (1, 1),
    (1, -1),
];

/// The game's state.
#[derive(Clone, Debug)]
pub struct Maze {
    cells: usize,
    walls: Vec<bool>,
    pub pellets: Vec<bool>,
    pub player: (usize, usize),
    pub ghosts: Vec<(usize, usize)>,
    ghost_dirs: Vec<usize>,
    player_start: (usize, usize),
    ghost_starts: Vec<(usize, usize)>,
    pub lives: u32,
    pub steps: usize,
    /// Set when the last step cost a life.
    pub life_lost: bool,
    rng: StdRng,
}

impl Maze {
    /// A new game on `layout`; ghost moves are drawn from a generator seeded with `seed`.
    pub fn new(layout: Layout, seed: u64) -> Self {
        let cells = layout.cells();
        let mut walls = vec![false; cells * cells];
        let mut pellets = vec![false; cells * cells];
        let (mut player, mut ghosts) = ((1, 1), Vec::new());
        for (r, row) in layout.rows().iter().enumerate() {
            for (c, ch) in row.bytes().enumerate() {
                match ch {
                    b'#' => walls[r * cells + c] = true,
                    b'.' => pellets[r * cells + c] = true,
                    b'P' => player = (r, c),
                    b'G' => {
                        ghosts.push((r, c));
                        pellets[r * cells + c] = true;
                    }
                    _ => {}
                }
            }
        }
        Self {
            cells,
            walls,
            pellets,
            player,
            ghost_dirs: vec![1; ghosts.len()],
            ghost_starts: ghosts.clone(),
            ghosts,
            player_start: player,
            lives: LIVES,
            steps: 0,
            life_lost: false,
            rng: StdRng::seed_from_u64(seed),
        }
    }

    fn idx(&self, p: (usize, usize)) -> usize {
        p.0 * self.cells + p.1
    }

    pub fn pellets_left(&self) -> usize {
        self.pellets.iter().filter(|&&p| p).count()
    }

    pub fn game_over(&self) -> bool {
        self.lives == 0 || self.pellets_left() == 0 || self.steps >= MAX_STEPS
    }

    fn free(&self, r: i32, c: i32) -> bool {
        let n = self.cells as i32;
        (0..n).contains(&r)
            && (0..n).contains(&c)
            && !self.walls[self.idx((r as usize, c as usize))]
    }

    fn moved(&self, p: (usize, usize), m: (i32, i32)) -> (usize, usize) {
        let (r, c) = (p.0 as i32 + m.0, p.1 as i32 + m.1);
        if self.free(r, c) {
            (r as usize, c as usize)
        } else {
            p
        }
    }

    fn move_ghosts(&mut self) {
        for g in 0..self.ghosts.len() {
            let here = self.ghosts[g];
            let back = match self.ghost_dirs[g] {
                1 => 4,
                4 => 1,
                2 => 3,
                _ => 2,
            };
            // Keep going where possible; at junctions turn at random, never straight back.
            let mut options: Vec<usize> = (1..=4)
                .filter(|&d| d != back && self.moved(here, MOVES[d]) != here)
                .collect();
            if options.is_empty() {
                options.push(back);
            }
            let d = if options.contains(&self.ghost_dirs[g]) && self.rng.gen_bool(0.7) {
                self.ghost_dirs[g]
            } else {
                *options.choose(&mut self.rng).unwrap_or(&back)
            };
            self.ghost_dirs[g] = d;
            self.ghosts[g] = self.moved(here, MOVES[d]);
        }
    }

    /// Play one step; returns the (unclipped) reward.
    pub fn play(&mut self, action: usize) -> f64 {
        self.life_lost = false;
        self.steps += 1;
        let before = self.player;
        self.player = self.moved(self.player, MOVES[action.min(ACTIONS - 1)]);
        let mut reward = 0.0;
        let cell = self.idx(self.player);
        if self.pellets[cell] {
            self.pellets[cell] = false;
            reward += PELLET_REWARD;
            if self.pellets_left() == 0 {
                reward += CLEAR_REWARD;
            }
        }
        let ghosts_before = self.ghosts.clone();
        // Ghosts move every other step: slower than the player.
        if self.steps % 2 == 0 {
            self.move_ghosts();
        }
        let caught = self
            .ghosts
            .iter()
            .zip(&ghosts_before)
            .any(|(&g, &g0)| g == self.player || (g == before && g0 == self.player));
        if caught {
            self.lives = self.lives.saturating_sub(1);
            self.life_lost = true;
            self.player = self.player_start;
            self.ghosts = self.ghost_starts.clone();
        }
        reward
    }

    /// The raw RGB screen, 8 pixels a cell (128×128 for the full maze).
    pub fn render(&self) -> Vec<u8> {
        let raw = self.cells * 8;
        let mut img = vec![0u8; raw * raw * 3];
        let mut fill = |r0: usize, c0: usize, size: usize, off: usize, rgb: [u8; 3]| {
            for y in r0 * 8 + off..r0 * 8 + off + size {
                for x in c0 * 8 + off..c0 * 8 + off + size {
                    img[(y * raw + x) * 3..(y * raw + x) * 3 + 3].copy_from_slice(&rgb);
                }
            }
        };
        for r in 0..self.cells {
            for c in 0..self.cells {
                if self.walls[r * self.cells + c] {
                    fill(r, c, 8, 0, WALL);
                } else if self.pellets[r * self.cells + c] {
                    // On the 2×2 grid of the preprocessing, so that a pellet stays one bright
                    // input pixel instead of four dim ones no brighter than a wall.
                    fill(r, c, 2, 2, PELLET);
                }
            }
        }
        for &(r, c) in &self.ghosts {
            fill(r, c, 6, 1, GHOST);
        }
        fill(self.player.0, self.player.1, 6, 1, PLAYER);
        img
    }
}

/// The notebook's preprocessing of a square RGB screen: grey with channel weights (0.8, 0.1,
/// 0.1), 2×2 averaging down to half the side (128 → 64 for the full maze), divided by the
/// frame's maximum; stored as bytes 0–255.
pub fn preprocess(rgb: &[u8]) -> Vec<u8> {
    let raw = ((rgb.len() / 3) as f64).sqrt().round() as usize;
    let side = raw / 2;
    // BEGIN SOLUTION 10.4.3
    let grey: Vec<f32> = rgb
        .chunks_exact(3)
        .map(|p| 0.8 * f32::from(p[0]) + 0.1 * f32::from(p[1]) + 0.1 * f32::from(p[2]))
        .collect();
    let mut small = vec![0f32; side * side];
    for (y, row) in small.chunks_exact_mut(side).enumerate() {
        for (x, v) in row.iter_mut().enumerate() {
            let at = |dy: usize, dx: usize| grey[(2 * y + dy) * raw + 2 * x + dx];
            *v = (at(0, 0) + at(0, 1) + at(1, 0) + at(1, 1)) / 4.0;
        }
    }
    let max = small.iter().copied().fold(0.0, f32::max).max(1.0);
    small
        .iter()
        .map(|v| (v / max * 255.0).round() as u8)
        .collect()
    // END SOLUTION
}

/// The training view of the game (Gym's wrappers): each life is an episode (EpisodicLife),
/// rewards are clipped to their sign (ClipReward), observations are the last four preprocessed
/// frames (FrameBuffer(4)); a new game starts when the last life is lost.
#[derive(Clone, Debug)]
pub struct MazeEnv {
    pub layout: Layout,
    pub game: Maze,
    frames: Vec<Vec<u8>>,
    games: u64,
    seed: u64,
    /// Clip rewards to their sign (training); off for the unclipped game score.
    pub clip: bool,
}

/// Four stacked frames (64×64 for the full maze), oldest first.
pub type Frames = Vec<u8>;

impl MazeEnv {
    pub fn new(layout: Layout, seed: u64, clip: bool) -> Self {
        Self {
            layout,
            game: Maze::new(layout, seed),
            frames: Vec::new(),
            games: 0,
            seed,
            clip,
        }
    }

    fn stacked(&self) -> Frames {
        self.frames.concat()
    }
}

impl Env for MazeEnv {
    type Obs = Frames;

    fn n_actions(&self) -> usize {
        ACTIONS
    }

    /// Start the next life, or a new game when the last is over.
    fn reset<R: Rng>(&mut self, _rng: &mut R) -> Frames {
        if self.game.game_over() || self.frames.is_empty() {
            self.games += 1;
            self.game = Maze::new(self.layout, self.seed.wrapping_add(self.games));
        }
        let f = preprocess(&self.game.render());
        self.frames = vec![f; 4];
        self.stacked()
    }

    fn step(&mut self, action: usize) -> Step<Frames> {
        let r = self.game.play(action);
        let f = preprocess(&self.game.render());
        self.frames.remove(0);
        self.frames.push(f);
        let reward = if self.clip {
            r.signum() * f64::from(u8::from(r != 0.0))
        } else {
            r
        };
        Step {
            obs: self.stacked(),
            reward,
            done: self.game.life_lost || self.game.game_over(),
            truncated: false,
        }
    }
}
