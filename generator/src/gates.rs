//! Cargo features per top-level group (issue 28): which files of a generated crate each one
//! compiles, so that a caller who needs a few groups of a vendor's API compiles only those.
//!
//! A crate whose operations fall into two or more top-level groups gets one feature per group
//! (named after its accessor, in kebab-case), and [`OTHER_TYPES`] for the types no operation
//! mentions (webhook payloads and the like); all are on by default. A group's methods file
//! compiles with its feature. A types file compiles with any feature whose operations reach one
//! of its types through any chain of references, always when an operation outside the groups
//! reaches it; what a compiled file mentions is compiled whenever it is.

use crate::ir::{Api, TypeId};
use crate::render::Layout;
use std::collections::{BTreeMap, BTreeSet};

/// The feature that compiles the types no operation mentions.
pub const OTHER_TYPES: &str = "other-types";

/// Feature names a group cannot take: the TLS features every generated crate has, and ours.
const RESERVED: [&str; 6] = ["default", "rustls-ring", "rustls-graviola", "rustls-aws-lc", "native-tls", OTHER_TYPES];

/// When a file is compiled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Gate {
    /// Whatever the features.
    Always,
    /// When any of these features (indices into [`Gates::features`]) is on.
    Any(BTreeSet<usize>),
}

impl Gate {
    /// Widens this gate to also compile whenever `other` does; whether it changed.
    fn widen(&mut self, other: &Gate) -> bool {
        match (&mut *self, other) {
            (Gate::Always, _) => false,
            (_, Gate::Always) => {
                *self = Gate::Always;
                true
            }
            (Gate::Any(mine), Gate::Any(theirs)) => {
                let before = mine.len();
                mine.extend(theirs);
                mine.len() != before
            }
        }
    }
}

/// The features of a crate and the gate of each of its files.
#[derive(Debug, Clone)]
pub struct Gates {
    /// Feature names: the top-level groups' in group order, then [`OTHER_TYPES`].
    pub features: Vec<String>,
    /// Methods file stem → its gate.
    pub methods: BTreeMap<String, Gate>,
    /// Types file stem → its gate.
    pub types: BTreeMap<String, Gate>,
}

impl Gates {
    /// The gates of `layout`'s files; `None` when the API has fewer than two top-level groups
    /// (a feature per group only pays where there is a choice).
    pub fn new(api: &Api, layout: &Layout) -> Option<Gates> {
        let roots: Vec<usize> = (0..api.groups.len()).filter(|&g| api.groups[g].parent.is_none()).collect();
        if roots.len() < 2 {
            return None;
        }
        let mut features: Vec<String> = Vec::new();
        let mut feature_of_root = BTreeMap::new();
        for &root in &roots {
            let mut name = api.groups[root].accessor.replace('_', "-");
            while RESERVED.contains(&name.as_str()) || features.contains(&name) {
                name.push_str("-api");
            }
            feature_of_root.insert(root, features.len());
            features.push(name);
        }
        features.push(OTHER_TYPES.to_owned());
        let root_of = |mut group: usize| {
            while let Some(parent) = api.groups[group].parent {
                group = parent;
            }
            group
        };
        let op_gate = |op: usize| match api.operations[op].group {
            Some(group) => Gate::Any(BTreeSet::from([feature_of_root[&root_of(group)]])),
            None => Gate::Always,
        };
        let methods = layout
            .methods
            .iter()
            .map(|(stem, (groups, ops))| {
                let mut found =
                    groups.iter().map(|&g| feature_of_root[&root_of(g)]).chain(ops.iter().map(|&op| {
                        api.operations[op].group.map_or(usize::MAX, |group| feature_of_root[&root_of(group)])
                    }));
                let first = found.next();
                let gate = match first {
                    Some(feature) if feature != usize::MAX && found.all(|f| f == feature) => {
                        Gate::Any(BTreeSet::from([feature]))
                    }
                    _ => Gate::Always,
                };
                (stem.clone(), gate)
            })
            .collect();
        let types = TypeFiles::new(api, layout).gates(api, &op_gate, features.len() - 1);
        Some(Gates { features, methods, types })
    }

    /// The `cfg` predicate of a gate: `feature = "repos"`, `any(feature = "a", feature = "b")`;
    /// `None` for [`Gate::Always`].
    pub fn predicate(&self, gate: &Gate) -> Option<String> {
        let Gate::Any(set) = gate else { return None };
        let each: Vec<String> = set.iter().map(|&f| format!("feature = \"{}\"", self.features[f])).collect();
        match each.as_slice() {
            [one] => Some(one.clone()),
            _ => Some(format!("any({})", each.join(", "))),
        }
    }
}

/// The types files: which file holds each unit (a type, or an operation's own types), and
/// what each unit mentions.
struct TypeFiles<'a> {
    stems: Vec<&'a str>,
    /// Unit → index into `stems` (`usize::MAX`: an operation without types of its own).
    file_of: Vec<usize>,
    /// File → its units.
    units: Vec<Vec<usize>>,
}

impl<'a> TypeFiles<'a> {
    fn new(api: &Api, layout: &'a Layout) -> TypeFiles<'a> {
        let mut file_of = vec![usize::MAX; api.types.len() + api.operations.len()];
        let mut units = Vec::new();
        let mut stems = Vec::new();
        for (file, (stem, file_units)) in layout.types.iter().enumerate() {
            for &unit in file_units {
                file_of[unit] = file;
            }
            stems.push(stem.as_str());
            units.push(file_units.clone());
        }
        TypeFiles { stems, file_of, units }
    }

    fn file_of_type(&self, id: TypeId) -> usize {
        self.file_of[id.0]
    }

    /// Each file's gate: seeded by the operations (their own types, and the types they
    /// mention), then by [`OTHER_TYPES`] for files nothing reached, each widened along what
    /// its units mention until nothing changes.
    fn gates(&self, api: &Api, op_gate: &dyn Fn(usize) -> Gate, other: usize) -> BTreeMap<String, Gate> {
        let mut gates: Vec<Option<Gate>> = vec![None; self.stems.len()];
        let mut pending = Vec::new();
        let widen = |gates: &mut Vec<Option<Gate>>, pending: &mut Vec<usize>, file: usize, gate: &Gate| {
            if file == usize::MAX {
                return;
            }
            let changed = match &mut gates[file] {
                Some(current) => current.widen(gate),
                slot @ None => {
                    *slot = Some(gate.clone());
                    true
                }
            };
            if changed {
                pending.push(file);
            }
        };
        for (index, op) in api.operations.iter().enumerate() {
            let gate = op_gate(index);
            widen(&mut gates, &mut pending, self.file_of[api.types.len() + index], &gate);
            for id in op.mentions() {
                widen(&mut gates, &mut pending, self.file_of_type(id), &gate);
            }
        }
        for round in 0..2 {
            if round == 1 {
                let other = Gate::Any(BTreeSet::from([other]));
                let unreached: Vec<usize> = (0..gates.len()).filter(|&f| gates[f].is_none()).collect();
                for file in unreached {
                    widen(&mut gates, &mut pending, file, &other);
                }
            }
            while let Some(file) = pending.pop() {
                let Some(gate) = gates[file].clone() else { continue };
                for &unit in &self.units[file] {
                    let mentions: Vec<TypeId> = match unit.checked_sub(api.types.len()) {
                        None => api.types[unit].kind.mentions(),
                        Some(op) => api.operations[op].mentions().collect(),
                    };
                    for id in mentions {
                        widen(&mut gates, &mut pending, self.file_of_type(id), &gate);
                    }
                }
            }
        }
        self.stems.iter().zip(gates).map(|(stem, gate)| ((*stem).to_owned(), gate.unwrap_or(Gate::Always))).collect()
    }
}
