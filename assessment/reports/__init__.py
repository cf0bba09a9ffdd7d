"""Reports read results, they never compute them: the arithmetic is in `assessment.results`.

charts.py draws them (SVG and the ladder, shared by the web page and the PDF); csv.py writes
spreadsheet downloads.
"""
