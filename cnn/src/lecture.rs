//! The lecture's computations in one place, for tests and benches: the data split ([`crate::split`]),
//! tasks 1–3 ([`crate::training`]), the pre-trained base ([`crate::pretrain`]), task 4
//! ([`crate::transfer`]) and what the trained networks show ([`crate::inspect`]).

pub use crate::inspect::*;
pub use crate::pretrain::*;
pub use crate::split::*;
pub use crate::training::*;
pub use crate::transfer::*;
