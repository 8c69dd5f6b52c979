"""--shard K/N splits a batch deterministically; manifest merge joins the pieces safely."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from builder import pipeline
from builder.base.errors import CareprintError, InputError, ProblemList
from builder.output.shards import Shard, merge_manifests, parse_shard
from builder.plan.request import BuildRequest
from builder.run.batch import BatchOptions, plan_tasks

from ..conftest import MiniProject


def build(mini: MiniProject, out: Path, shard: Shard | None = None) -> set[str]:
    report = pipeline.build(
        BuildRequest(root=mini.root, out=out, products=["card-sheet"]),
        BatchOptions(jobs=1, shard=shard),
    )
    assert report.ok
    return {f.path for f in report.built}


def documents(folder: Path) -> dict[str, dict[str, object]]:
    return json.loads((folder / "manifest.json").read_text())["documents"]  # type: ignore[no-any-return]


def test_parse_shard_accepts_k_of_n_and_explains_mistakes() -> None:
    assert parse_shard("2/3") == Shard(2, 3)
    for bad, code in (("3", "CP5013"), ("a/b", "CP5013"), ("0/3", "CP5014"), ("4/3", "CP5014")):
        with pytest.raises(CareprintError, match=r"K/N|between 1 and N") as caught:
            parse_shard(bad)
        assert caught.value.code == code
    with pytest.raises(CareprintError) as caught:
        parse_shard("1/0")
    assert caught.value.code == "CP5014"


def test_shards_partition_the_plan(mini: MiniProject) -> None:
    for extra in ("alpha", "beta", "gamma"):
        mini.copy_pack(extra)
    request = BuildRequest(root=mini.root, out=mini.root / "out")
    prepared = pipeline.prepare(request, ProblemList())
    everything = plan_tasks(request, BatchOptions(), prepared)
    parts = [plan_tasks(request, BatchOptions(shard=Shard(k, 3)), prepared) for k in (1, 2, 3)]
    paths = [{t.path for t in part} for part in parts]
    assert set().union(*paths) == {t.path for t in everything} and len(everything) == 16
    assert sum(len(p) for p in paths) == 16  # no document in two shards
    assert all(paths)  # each shard has work


def test_three_shards_merged_equal_the_unsharded_build(mini: MiniProject, tmp_path: Path) -> None:
    mini.copy_pack("alpha")
    whole = build(mini, tmp_path / "whole")
    shards = [tmp_path / f"shard-{k}" for k in (1, 2, 3)]
    built = [build(mini, folder, Shard(k, 3)) for k, folder in enumerate(shards, 1)]
    assert set().union(*built) == whole and sum(map(len, built)) == len(whole) == 4
    result = merge_manifests(shards, tmp_path / "merged")
    merged = documents(tmp_path / "merged")
    assert merged == documents(tmp_path / "whole")
    assert result.copied == 4
    for path, entry in merged.items():
        assert (tmp_path / "merged" / path).read_bytes() == (tmp_path / "whole" / path).read_bytes()
        assert (tmp_path / "merged" / str(entry["thumbnail"])).is_file()


def test_merge_refuses_damaged_or_conflicting_shards(mini: MiniProject, tmp_path: Path) -> None:
    build(mini, tmp_path / "a", Shard(1, 1))
    path = mini.helplines / "GB.toml"
    path.write_text(path.read_text().replace("2026-11-01", "2026-11-05"))  # other inputs
    build(mini, tmp_path / "b", Shard(1, 1))
    (tmp_path / "b" / "mini/US/en/card-sheet.pdf").write_bytes(b"%PDF-1.7 cut short")
    with pytest.raises(InputError) as caught:
        merge_manifests([tmp_path / "a", tmp_path / "b"], tmp_path / "merged")
    text = str(caught.value)
    assert "US/en/card-sheet.pdf does not match its SHA-256" in text
    assert "GB/en/card-sheet.pdf is in two manifests with different contents" in text
    assert not (tmp_path / "merged").exists()


def test_merge_names_the_line_of_a_broken_manifest(tmp_path: Path) -> None:
    (tmp_path / "manifest.json").write_text('{\n "format": 1,\n "documents": {,}\n}\n')
    with pytest.raises(InputError) as caught:
        merge_manifests([tmp_path], tmp_path / "merged")
    problem = caught.value.problems()[0]
    assert problem.line == 3 and problem.code == "CP1601"


def test_a_merge_takes_away_an_earlier_merge_s_copy_of_what_fails_or_is_gone(
    mini: MiniProject, tmp_path: Path
) -> None:
    """The site of yesterday's merge must not keep yesterday's PDF (perhaps an old number) of
    a document that fails today, nor of one no shard holds any more."""
    mini.copy_pack("alpha")
    build(mini, tmp_path / "monday", Shard(1, 1))
    site = tmp_path / "site"
    merge_manifests([tmp_path / "monday"], site)
    assert len(list(site.rglob("*.pdf"))) == 4
    # Tuesday: mini's cards overflow (they fail), and the alpha pack is gone.
    card = mini.pack / "card.toml"
    card.write_text(card.read_text().replace('"Be patient."', '"' + "Be patient. " * 80 + '"'))
    shutil.rmtree(mini.root / "packs" / "alpha")
    tuesday = pipeline.build(
        BuildRequest(root=mini.root, out=tmp_path / "tuesday", products=["card-sheet"]),
        BatchOptions(jobs=1),
    )
    assert len(tuesday.failed) == 2 and not tuesday.built
    result = merge_manifests([tmp_path / "tuesday"], site)
    assert list(site.rglob("*.pdf")) == [] and list(site.rglob("*.png")) == []
    assert sorted(result.removed) == ["alpha/GB/en/card-sheet.pdf", "alpha/US/en/card-sheet.pdf"]
    assert {e["status"] for e in documents(site).values()} == {"failed"}


def test_a_merge_never_writes_through_a_link_out_of_the_site(
    mini: MiniProject, tmp_path: Path
) -> None:
    build(mini, tmp_path / "shard", Shard(1, 1))
    site, elsewhere = tmp_path / "site", tmp_path / "elsewhere"
    elsewhere.mkdir()
    (site / "mini").mkdir(parents=True)
    (site / "mini" / "GB").symlink_to(elsewhere, target_is_directory=True)
    with pytest.raises(CareprintError) as caught:
        merge_manifests([tmp_path / "shard"], site, allow_existing=True)
    assert caught.value.code == "CP7010" and "outside the output folder" in str(caught.value)
    assert list(elsewhere.iterdir()) == [] and not (site / "manifest.json").exists()


def test_a_merge_refuses_shards_of_two_different_matrices(
    mini: MiniProject, tmp_path: Path
) -> None:
    """Shard 1/2 of a GB build and 2/2 of a US build are a complete set of K/N, yet not one
    site: each shard's manifest records its whole plan's digest, and the merge compares them."""
    mini.copy_pack("alpha")
    for k, country in ((1, "GB"), (2, "US")):
        pipeline.build(
            BuildRequest(
                root=mini.root, out=tmp_path / f"s{k}", countries=[country], products=["card-sheet"]
            ),
            BatchOptions(jobs=1, shard=Shard(k, 2)),
        )
    with pytest.raises(InputError) as caught:
        merge_manifests([tmp_path / "s1", tmp_path / "s2"], tmp_path / "site")
    assert "CP7109" in str(caught.value) and "different matrices" in str(caught.value)
    assert not (tmp_path / "site").exists()
    # The same command but --shard: one matrix, merged as before.
    for k in (1, 2):
        build(mini, tmp_path / f"t{k}", Shard(k, 2))
    merge_manifests([tmp_path / "t1", tmp_path / "t2"], tmp_path / "site")
    assert len(documents(tmp_path / "site")) == 4
