"""WeasyPrint and its system libraries are installed and make a real PDF (used by the reports)."""

import subprocess


def test_weasyprint_renders_a_pdf_with_extractable_text(tmp_path):
    from weasyprint import HTML

    pdf = tmp_path / "hello.pdf"
    HTML(string="<meta charset='utf-8'><h1>Co-production — gold standard</h1>").write_pdf(pdf)

    assert pdf.read_bytes().startswith(b"%PDF-")
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Co-production — gold standard" in text
