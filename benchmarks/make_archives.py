"""Write a news archive (JSON Lines) or a web-archive file (WARC) of variant articles.

The articles are those of `make_corpus.py` (the seed articles moved to districts, years
shifted, figures perturbed; a share moved out of Hanoi, naming no district). In a WARC
each article is an HTML response wrapped in a news site's furniture (menus, breadcrumbs,
related news, share bar, footer) that names no district, with its title and date in the
page's metadata; the WARC also holds the request records a crawl writes.

Usage:
    python benchmarks/make_archives.py jsonl OUT.jsonl -n 100000 [--no-district-share 0.9]
    python benchmarks/make_archives.py warc OUT.warc.gz -n 100000 [--no-district-share 0.99]
"""

from __future__ import annotations

import argparse
import html
import io
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_corpus import variant_articles

HOST = "bao.example.vn"
HTML = "text/html; charset=utf-8"
FURNITURE_TOP = (
    '<header><div class="top">Thứ Hai, 04/12/2023 | Đăng nhập</div><nav><ul>'
    + "".join(
        f'<li><a href="/{i}">{m}</a></li>'
        for i, m in enumerate(["Thời sự", "Kinh tế", "Xã hội", "Văn hóa", "Thể thao"])
    )
    + '</ul></nav></header><div class="breadcrumb">Trang chủ › Kinh tế</div>'
)
FURNITURE_BOTTOM = (
    '<div class="share">Chia sẻ Facebook | Zalo | In bài | 0 bình luận</div>'
    '<section class="related"><h2>Tin liên quan</h2><ul><li><a href="/1">Giá vàng hôm nay '
    'tăng 200.000 đồng mỗi lượng</a></li><li><a href="/2">Xuất khẩu nông sản 11 tháng đạt '
    "48 tỷ USD</a></li></ul></section><footer>© 2024 Báo điện tử. Giấy phép số 123/GP-BTTTT."
    "</footer>"
)


def page(index: int, text: str) -> bytes:
    """An article's text as a news site's page."""
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    title, body = lines[0], lines[1:]
    paragraphs = "".join(f"<p>{html.escape(line)}</p>" for line in body)
    return (
        f'<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title>"
        f'<meta property="og:title" content="{html.escape(title)}">'
        f'<meta property="og:site_name" content="Báo Mẫu">'
        f'<meta property="article:published_time" content="2023-12-04T08:00:00+07:00">'
        f"</head><body>{FURNITURE_TOP}<article><h1>{html.escape(title)}</h1>"
        f'<div class="byline">Phóng viên | 08:00 04/12/2023</div>{paragraphs}</article>'
        f"{FURNITURE_BOTTOM}</body></html>"
    ).encode()


def write_jsonl(out: Path, n: int, seed: int, no_district_share: float) -> int:
    with out.open("w", encoding="utf-8") as handle:
        for index, _slug, text in variant_articles(n, seed, None, no_district_share):
            row = {"id": f"a{index}", "url": f"https://bao.example.vn/{index}.html", "text": text}
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    return n


def write_warc(out: Path, n: int, seed: int, no_district_share: float) -> int:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with out.open("wb") as handle:
        writer = WARCWriter(handle, gzip=out.name.endswith(".gz"))
        for index, _slug, text in variant_articles(n, seed, None, no_district_share):
            url = f"https://bao.example.vn/{index}.html"
            request = writer.create_warc_record(
                url,
                "request",
                http_headers=StatusAndHeaders(
                    f"GET /{index}.html HTTP/1.1",
                    [("Host", "bao.example.vn")],
                    is_http_request=True,
                ),
            )
            writer.write_record(request)
            headers = StatusAndHeaders(
                "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
            )
            response = writer.create_warc_record(
                url, "response", payload=io.BytesIO(page(index, text)), http_headers=headers
            )
            writer.write_record(response)
    return n


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("kind", choices=["jsonl", "warc"])
    parser.add_argument("out", type=Path)
    parser.add_argument("-n", "--n-articles", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--no-district-share", type=float, default=0.99)
    args = parser.parse_args(argv)
    writer = write_jsonl if args.kind == "jsonl" else write_warc
    n = writer(args.out, args.n_articles, args.seed, args.no_district_share)
    print(f"wrote {n} articles to {args.out} ({args.out.stat().st_size / 1e6:.0f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
