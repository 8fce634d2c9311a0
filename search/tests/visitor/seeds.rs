//! The handbook's own data, read from `seeds/` as the indexer reads it (without its checks):
//! the tests here run on what visitors will see, not on made-up records.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use handbook_search::geo::Commune;
use handbook_search::{Craft, Product, Tour, Village};
use serde::Deserialize;

/// The seeds' records.
pub struct Seeds {
    pub villages: Vec<Village>,
    pub crafts: Vec<Craft>,
    pub products: Vec<Product>,
    pub tours: Vec<Tour>,
    pub communes: Vec<Commune>,
}

#[derive(Deserialize)]
struct CraftsFile {
    craft: Vec<Craft>,
}

#[derive(Deserialize)]
struct ProductsFile {
    product: Vec<Product>,
}

#[derive(Deserialize)]
struct ToursFile {
    tour: Vec<Tour>,
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../seeds")
}

fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()))
}

/// Every village, craft, tour and 2025 commune in `seeds/`, villages by id (read once).
pub fn load() -> &'static Seeds {
    static SEEDS: OnceLock<Seeds> = OnceLock::new();
    SEEDS.get_or_init(read_all)
}

/// The `.toml` files in `dir`, by name.
fn toml_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    files
}

fn read_all() -> Seeds {
    let root = root();
    let files = toml_files(&root.join("villages"));
    let villages = files
        .iter()
        .map(|p| toml::from_str(&read(p)).unwrap_or_else(|e| panic!("{}: {e}", p.display())))
        .collect();
    let crafts: CraftsFile = toml::from_str(&read(&root.join("crafts.toml"))).unwrap();
    let tours: ToursFile = toml::from_str(&read(&root.join("tours.toml"))).unwrap();
    let products = toml_files(&root.join("products"))
        .iter()
        .flat_map(|p| {
            let file: ProductsFile =
                toml::from_str(&read(p)).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            file.product
        })
        .collect();
    let communes = read(&root.join("admin/units-2025.csv"))
        .lines()
        .skip(1)
        .map(|line| {
            let f: Vec<&str> = line.split(',').collect();
            Commune {
                code: f[0].into(),
                name: f[1].into(),
                lat: f[2].parse().unwrap(),
                lon: f[3].parse().unwrap(),
            }
        })
        .collect();
    Seeds {
        villages,
        crafts: crafts.craft,
        products,
        tours: tours.tour,
        communes,
    }
}
