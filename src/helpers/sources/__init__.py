"""Where articles come from: one reader per kind of corpus file (see `CORPUS_KINDS` in
helpers.extract.text.reading), each giving articles with what their source states about them.

- `text`: a `.txt` file, one article (helpers.extract.text.reading).
- `page`: a saved web page, `.html`/`.htm`, one article (`pages.py`, trafilatura).
- `archive`: JSON Lines, CSV or Parquet, one article a row (`archives.py`).
- `warc`: a web-archive file, `.warc`/`.warc.gz`, one article an HTML response (`warc.py`).

`items.py` turns a corpus into the items the extraction batches read, in file order.
`fetch.py` builds a corpus of saved pages from a list of URLs (`briefs fetch`).
"""
