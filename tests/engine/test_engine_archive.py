"""XMP in step with the document information; PDF/A-2b on request (--pdfa)."""

from __future__ import annotations

import io
from pathlib import Path

import pikepdf
import pytest
from click.testing import CliRunner

from rapport.build import BuildOptions, BuildResult, build_report
from rapport.cli import cli

NS = {
    "pdfaid": "{http://www.aiim.org/pdfa/ns/id/}",
    "pdfuaid": "{http://www.aiim.org/pdfua/ns/id/}",
}


def _xmp(pdf: pikepdf.Pdf) -> dict[str, str]:
    with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
        return {
            key: str(meta.get(key, ""))
            for key in (
                "dc:title",
                "dc:description",
                "pdf:Producer",
                "pdf:Keywords",
                "xmp:CreatorTool",
                "xmp:CreateDate",
                NS["pdfaid"] + "part",
                NS["pdfaid"] + "conformance",
                NS["pdfuaid"] + "part",
            )
        }


def test_xmp_mirrors_the_document_information(mini_build: BuildResult) -> None:
    with pikepdf.open(io.BytesIO(mini_build.pdf)) as pdf:
        xmp, info = _xmp(pdf), pdf.docinfo
        assert xmp["dc:title"] == str(info.Title) == "Testrapport"
        assert xmp["dc:description"] == str(info.Subject)
        assert xmp["pdf:Producer"] == str(info.Producer)
        assert xmp["pdf:Keywords"] == str(info.Keywords) == "test, innovation"
        assert xmp["xmp:CreatorTool"] == str(info.Creator)
        assert xmp["xmp:CreateDate"].startswith("2015-04-21")
        assert xmp[NS["pdfuaid"] + "part"] == "1"
        assert xmp[NS["pdfaid"] + "part"] == "2", "archival by default"
        assert "/OutputIntents" in pdf.Root


@pytest.fixture(scope="module")
def archival(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    import shutil

    folder = tmp_path_factory.mktemp("pdfa") / "mini"
    shutil.copytree(Path(__file__).parent / "fixtures" / "mini", folder)
    return build_report(BuildOptions(project=folder, pdfa=True)).pdf


def test_pdfa_claims_and_parts(archival: bytes) -> None:
    with pikepdf.open(io.BytesIO(archival)) as pdf:
        xmp = _xmp(pdf)
        assert (xmp[NS["pdfaid"] + "part"], xmp[NS["pdfaid"] + "conformance"]) == ("2", "B")
        assert xmp[NS["pdfuaid"] + "part"] == "1", "one file claims PDF/A-2b and PDF/UA-1"
        packet = pdf.Root.Metadata.read_bytes().decode("utf-8")
        schema = packet.split("<pdfaExtension:schemas>")[1].split("</pdfaExtension:schemas>")[0]
        for value in (
            "<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>",
            "<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>",
            "<pdfaProperty:name>part</pdfaProperty:name>",
            "<pdfaProperty:valueType>Integer</pdfaProperty:valueType>",
            "<pdfaProperty:category>internal</pdfaProperty:category>",
        ):
            assert value in schema, value
        intent = pdf.Root.OutputIntents[0]
        assert intent.S == "/GTS_PDFA1"
        assert int(intent.DestOutputProfile.N) == 3
        profile = intent.DestOutputProfile.read_bytes()
        assert profile[36:40] == b"acsp"
        annots = [a for p in pdf.pages for a in p.obj.get("/Annots", [])]
        assert annots
        assert all(int(a.F) == 4 for a in annots)
        assert not any(
            isinstance(o, pikepdf.Stream) and o.read_raw_bytes().endswith(b"\r")
            for o in pdf.objects
        )
        assert bool(pdf.Root.MarkInfo.Marked)


def test_pdfa_is_deterministic(archival: bytes, tmp_path: Path) -> None:
    import shutil

    folder = tmp_path / "mini"
    shutil.copytree(Path(__file__).parent / "fixtures" / "mini", folder)
    out = tmp_path / "a.pdf"
    result = CliRunner().invoke(cli, ["build", str(folder), "--pdfa", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_bytes() == archival


def test_no_pdfa_leaves_out_the_archival_parts(tmp_path: Path) -> None:
    import shutil

    folder = tmp_path / "mini"
    shutil.copytree(Path(__file__).parent / "fixtures" / "mini", folder)
    out = tmp_path / "ua.pdf"
    result = CliRunner().invoke(cli, ["build", str(folder), "--no-pdfa", "-o", str(out)])
    assert result.exit_code == 0, result.output
    with pikepdf.open(out) as pdf:
        xmp = _xmp(pdf)
        assert xmp[NS["pdfuaid"] + "part"] == "1"
        assert xmp[NS["pdfaid"] + "part"] == ""
        assert "/OutputIntents" not in pdf.Root
        assert "pdfaExtension" not in pdf.Root.Metadata.read_bytes().decode("utf-8")
