#!/usr/bin/env python3
"""Derives seeds/admin/ (Hanoi's communes before and after the July 2025 reform, and the
conversion between them) from the PyPI package vietnamadminunits 1.0.4 (MIT, Hieu Tran,
https://github.com/tranngocminhhieu/vietnamadminunits): its SQLite dataset and converter JSON.

Run again only to take a new version of the dataset:
    python3 scripts/admin-units.py            # downloads the pinned wheel with pip
The output is committed; the indexer never runs this.
"""
import csv, io, json, pathlib, sqlite3, subprocess, sys, tempfile, zipfile

VERSION = "1.0.4"
ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "seeds" / "admin"


def wheel() -> zipfile.ZipFile:
    tmp = pathlib.Path(tempfile.mkdtemp())
    subprocess.run([sys.executable, "-m", "pip", "download", f"vietnamadminunits=={VERSION}",
                    "--no-deps", "-q", "-d", str(tmp)], check=True)
    return zipfile.ZipFile(next(tmp.glob("*.whl")))


def main() -> None:
    whl = wheel()
    tmp = pathlib.Path(tempfile.mkdtemp())
    db_path = tmp / "dataset.db"
    db_path.write_bytes(whl.read("vietnamadminunits/data/dataset.db"))
    conv = json.loads(whl.read("vietnamadminunits/data/converter_2025.json"))
    db = sqlite3.connect(db_path)
    db.row_factory = sqlite3.Row

    new = {}
    for r in db.execute("select * from admin_units where provinceKey='thanhphohanoi' order by wardCode"):
        new[r["wardKey"]] = r
    legacy = list(db.execute(
        "select * from admin_units_legacy where provinceKey='thanhphohanoi' order by wardCode"))

    undivided = conv["DICT_PROVINCE_WARD_NO_DIVIDED"]["thanhphohanoi"]
    divided = conv["DICT_PROVINCE_WARD_DIVIDED"]["thanhphohanoi"]
    whole = {}
    for new_key, olds in undivided.items():
        for old in olds:
            whole[old] = new_key

    OUT.mkdir(parents=True, exist_ok=True)
    with open(OUT / "units-2025.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["code", "name", "lat", "lon", "area_km2"])
        for r in sorted(new.values(), key=lambda r: r["wardCode"]):
            w.writerow([r["wardCode"], r["ward"], r["wardLat"], r["wardLon"], r["wardAreaKm2"]])

    with open(OUT / "communes-legacy.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["code", "district", "commune", "lat", "lon", "new_codes", "default_new_code", "merged_keys"])
        for r in legacy:
            key = f"thanhphohanoi_{r['districtKey']}_{r['wardKey']}"
            if key in whole:
                codes = [new[whole[key]]["wardCode"]]
                default = codes[0]
            else:
                parts = divided.get(key, [])
                codes = [new[p["newWardKey"]]["wardCode"] for p in parts]
                default = next((new[p["newWardKey"]]["wardCode"] for p in parts if p["isDefaultNewWard"]), "")
            if not codes:
                sys.exit(f"no 2025 unit for {key}")
            # Communes merged into this one in 2024-2025, as the dataset's folded keys
            # ("xadongdu"): sources written before the merger use those names.
            merged = sorted({a for a in json.loads(r["wardAlias"] or "[]") if a.startswith(("xa", "phuong", "thitran"))})
            w.writerow([r["wardCode"], r["districtShort"], r["ward"], r["wardLat"], r["wardLon"],
                        ";".join(codes), default, ";".join(merged)])

    (OUT / "README.md").write_text(f"""# Hanoi's administrative units (reference)

Derived by `scripts/admin-units.py` from the PyPI package
[vietnamadminunits](https://github.com/tranngocminhhieu/vietnamadminunits) **{VERSION}**
(MIT, © Hieu Tran): its `dataset.db` and `converter_2025.json`, Hanoi rows only. Do not edit by
hand; re-run the script to take a newer version.

- `communes-legacy.csv`: the 526 communes and wards before 1 July 2025 — code, former district
  (short name), commune or ward (with its type), centroid, the code(s) of the 2025 unit(s) it
  went into (`;`-separated where it was divided), the dataset's default among them, and the
  folded keys of communes merged into it shortly before (e.g. `xadongdu` in Xã Bát Tràng), which
  older sources still name.
- `units-2025.csv`: the 126 communes and wards since 1 July 2025 (Resolution
  1656/NQ-UBTVQH15) — code, name with type, centroid, area.

Centroids are the dataset's; the handbook uses them only to place a village whose own position
is not known, marked `precision = "commune"` (approximate).
""", encoding="utf-8")
    print(f"{len(legacy)} legacy communes, {len(new)} units since 2025")


if __name__ == "__main__":
    main()
