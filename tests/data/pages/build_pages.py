"""Build the saved pages of this folder from published articles of tests/data/real/.

Each page wraps one article's text in the furniture of a Vietnamese news site: header and
menus, breadcrumbs, a byline with a clock time, a share bar, a photo with its caption, a
related-news block (headlines with districts and figures of their own), a comment counter
and a footer. The lines before the title go into the header; the short dated lines right
after it into the byline; every other line is a paragraph of the article. The page's
metadata states the title, the date the text's byline gives, the outlet and the URL of
`sources.csv`. Encodings vary as saved pages do: UTF-8 declared by `<meta charset>`, UTF-8
with a byte-order mark and no declaration, Windows-1258 declared by `<meta http-equiv>`.

Run from the project root: `.venv/bin/python tests/data/pages/build_pages.py`.
"""

from __future__ import annotations

import codecs
import html
import json
import unicodedata
from pathlib import Path

import pandas as pd

from helpers.extract.facts import extract_article
from helpers.extract.text.reading import read_article

HERE = Path(__file__).parent
REAL = HERE.parent / "real"
# doc_id -> (outlet, encoding, metadata style)
PAGES = {
    "g1_03": ("Kinh tế & Đô thị", "utf-8", "og"),
    "g1_09": ("Markettimes", "utf-8-sig", "json-ld"),
    "g1_10": ("Nhịp sống Hà Nội", "windows-1258", "og"),
    "g3_05": ("Kinh tế & Đô thị", "utf-8", "json-ld"),
}
MENU = ["Thời sự", "Kinh tế", "Đô thị", "Xã hội", "Văn hóa", "Thể thao", "Pháp luật", "Video"]
RELATED = [
    "Quận Long Biên thu ngân sách đạt 4.500 tỷ đồng, vượt 12% dự toán",
    "Huyện Gia Lâm: 9 tháng, giá trị sản xuất tăng 8,2%",
    "Quận Thanh Xuân giải ngân đầu tư công đạt 65% kế hoạch năm 2023",
]
_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}  # combining tone marks


def _is_byline(line: str) -> bool:
    words = line.split()
    return len(words) <= 14 and any(ch.isdigit() for ch in line)


def _parts(text: str) -> tuple[list[str], str, list[str], list[str]]:
    """Header lines, title, byline lines and paragraphs of an article's text."""
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    title = extract_article_title(text)
    at = lines.index(title)
    after = at + 1
    while after < len(lines) and _is_byline(lines[after]):
        after += 1
    return lines[:at], title, lines[at + 1 : after], lines[after:]


def extract_article_title(text: str) -> str:
    from helpers.extract.text.metadata import find_title

    return find_title(text.split("\n"))


def _metadata(style: str, title: str, published: str, outlet: str, url: str) -> str:
    if style == "og":
        return (
            f'<meta property="og:title" content="{html.escape(title)}">\n'
            f'<meta property="og:site_name" content="{html.escape(outlet)}">\n'
            f'<meta property="article:published_time" content="{published}T08:30:00+07:00">\n'
            f'<meta property="og:url" content="{url}">\n<link rel="canonical" href="{url}">'
        )
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": title,
        "datePublished": f"{published}T08:30:00+07:00",
        "publisher": {"@type": "Organization", "name": outlet},
        "mainEntityOfPage": url,
    }
    return (
        f'<script type="application/ld+json">{json.dumps(data, ensure_ascii=False)}</script>\n'
        f'<link rel="canonical" href="{url}">'
    )


def page(doc_id: str, outlet: str, encoding: str, style: str, url: str) -> str:
    """The page's markup."""
    article = read_article(REAL / "articles" / f"{doc_id}.txt")
    published = extract_article(article.text, doc_id).metadata.published
    header, title, byline, paragraphs = _parts(article.text)
    charset = (
        f'<meta http-equiv="Content-Type" content="text/html; charset={encoding}">'
        if encoding == "windows-1258"
        else ('<meta charset="utf-8">' if encoding == "utf-8" else "")
    )
    body = [f"<p>{html.escape(p)}</p>" for p in paragraphs]
    body.insert(
        1,
        '<figure class="photo"><img src="/images/2022/hoi-nghi.jpg" alt="">'
        "<figcaption>Quang cảnh hội nghị. Ảnh: Phóng viên</figcaption></figure>",
    )
    menu = "".join(f'<li><a href="/{i}">{m}</a></li>' for i, m in enumerate(MENU))
    related = "".join(f'<li><a href="/tin-{i}.html">{h}</a></li>' for i, h in enumerate(RELATED))
    return f"""<!DOCTYPE html>
<html lang="vi"><head>{charset}
<title>{html.escape(title)} | {html.escape(outlet)}</title>
{_metadata(style, title, published, outlet, url)}
<style>.menu li {{ display: inline }}</style>
<script>window.dataLayer = window.dataLayer || []; function gtag() {{}}</script>
</head><body>
<header class="site-header"><div class="top-bar">Thứ Hai, 05/03/2021 | Hotline: 0243.123.4567 | Đăng nhập</div>
<a class="logo" href="/">{html.escape(outlet)}</a>
<nav><ul class="menu">{menu}</ul></nav>
<div class="event-strip">{" ".join(html.escape(h) for h in header)}</div></header>
<main><div class="breadcrumb"><a href="/">Trang chủ</a> › <a href="/kinh-te">Kinh tế</a> › <a href="/kinh-te/dia-phuong">Địa phương</a></div>
<article class="detail">
<h1 class="title">{html.escape(title)}</h1>
<div class="byline">{" ".join(html.escape(b) for b in byline)}</div>
<div class="share-bar"><a href="#">Chia sẻ Facebook</a> <a href="#">Zalo</a> <a href="#">In bài</a> <span class="comments-count">0 bình luận</span></div>
<div class="content">
{chr(10).join(body)}
</div>
<div class="tags">Từ khóa: <a href="/tag/ngan-sach">ngân sách</a> <a href="/tag/ha-noi">Hà Nội</a></div>
</article>
<section class="related"><h2>Tin liên quan</h2><ul>{related}</ul></section>
<section class="comments"><h3>Bình luận (0)</h3><form><textarea placeholder="Nhập bình luận của bạn"></textarea><button>Gửi</button></form></section>
</main>
<footer><p>© 2024 {html.escape(outlet)}. Giấy phép số 123/GP-BTTTT. Địa chỉ: 44 Lê Thái Tổ, quận Hoàn Kiếm, Hà Nội. Điện thoại: 024.3825.1234</p></footer>
</body></html>
"""


def to_windows_1258(text: str) -> bytes:
    """`text` in Windows-1258: letters it lacks precomposed are a base letter (with its
    circumflex, breve or horn) and a combining tone mark, as that code page writes them."""
    out = bytearray()
    for char in text:
        try:
            out += char.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        decomposed = unicodedata.normalize("NFD", char)
        base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONES))
        tones = "".join(c for c in decomposed if c in _TONES)
        out += (base + tones).encode("cp1258", errors="xmlcharrefreplace")
    return bytes(out)


def main() -> None:
    urls = pd.read_csv(REAL / "sources.csv", dtype=str).set_index("doc_id")["url"]
    for doc_id, (outlet, encoding, style) in PAGES.items():
        markup = page(doc_id, outlet, encoding, style, urls[doc_id])
        if encoding == "windows-1258":
            data = to_windows_1258(markup)
        else:
            data = (codecs.BOM_UTF8 if encoding == "utf-8-sig" else b"") + markup.encode()
        (HERE / f"{doc_id}.html").write_bytes(data)


if __name__ == "__main__":
    main()
