"""Write the four encoding variants of the variants test corpus.

Run `python tests/data/variants/make_encodings.py`. Each article below is kept as NFC
text, one string per line, and written next to this script in the encoding its file
name announces: Unicode NFD in UTF-8, UTF-8 with BOM, UTF-16 with BOM, and
Windows-1258 with CRLF line ends (tone marks decomposed, as Windows does, since
cp1258 has combining tone marks but few precomposed toned vowels).
"""

from __future__ import annotations

import codecs
import unicodedata
from collections.abc import Callable
from pathlib import Path

VARIANTS_DIR = Path(__file__).resolve().parent
TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")


def to_nfd_utf8(text: str) -> bytes:
    """UTF-8 bytes of the fully decomposed (NFD) text."""
    return unicodedata.normalize("NFD", text).encode("utf-8")


def to_utf8_bom(text: str) -> bytes:
    """UTF-8 bytes preceded by the byte-order mark EF BB BF."""
    return text.encode("utf-8-sig")


def to_utf16_bom(text: str) -> bytes:
    """Little-endian UTF-16 bytes preceded by the byte-order mark FF FE."""
    return codecs.BOM_UTF16_LE + text.encode("utf-16-le")


def split_tone_marks(text: str) -> str:
    """Keep base letters composed (ă, ê, ơ, đ) but put each tone mark after its letter."""
    pieces = []
    for char in text:
        decomposed = unicodedata.normalize("NFD", char)
        tones = "".join(c for c in decomposed if c in TONE_MARKS)
        base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in TONE_MARKS))
        pieces.append(base + tones)
    return "".join(pieces)


def to_cp1258_crlf(text: str) -> bytes:
    """Windows-1258 bytes with decomposed tone marks and CRLF line ends."""
    return split_tone_marks(text).replace("\n", "\r\n").encode("cp1258")


ENCODERS: dict[str, Callable[[str], bytes]] = {
    "nfd_utf8": to_nfd_utf8,
    "utf8_bom": to_utf8_bom,
    "utf16_bom": to_utf16_bom,
    "cp1258_crlf": to_cp1258_crlf,
}

# file stem -> (encoder name, NFC lines of the article)
ARTICLES: dict[str, tuple[str, tuple[str, ...]]] = {
    "111_me-linh-nam-2021-nfd": (
        "nfd_utf8",
        (
            "Huyện Mê Linh hoàn thành 21/22 chỉ tiêu năm 2021",
            "",
            "Hoàng Lâm 24/12/2021 08:20",
            "",
            (
                "(HNM) - Năm 2021, trong bối cảnh dịch Covid-19 diễn biến phức tạp, huyện Mê Linh"
                " đã hoàn thành 21/22 chỉ tiêu kinh tế - xã hội, trong đó 10 chỉ tiêu vượt kế "
                "hoạch."
            ),
            "",
            (
                "Tổng giá trị sản xuất trên địa bàn huyện ước đạt 41.350 tỷ đồng, tăng 5,6% so "
                "với năm 2020. Giá trị sản xuất nông nghiệp ước đạt 3.120 tỷ đồng, tăng 3,2%; "
                "huyện tiếp tục phát triển vùng hoa, rau an toàn với diện tích hơn 1.500 ha."
            ),
            "",
            (
                "Thu ngân sách nhà nước trên địa bàn đạt 3.654 tỷ đồng, đạt 137,5% dự toán Thành "
                "phố giao. Chi đầu tư xây dựng cơ bản đạt 1.412 tỷ đồng, bằng 91,2% kế hoạch vốn."
            ),
            "",
            (
                "Toàn huyện có 82/93 trường công lập đạt chuẩn quốc gia, đạt tỷ lệ 88,2%. Tỷ lệ "
                "hộ nghèo giảm còn 0,95%."
            ),
            "",
            (
                "Năm 2022, huyện phấn đấu tốc độ tăng trưởng kinh tế đạt 7% trở lên; thu ngân "
                "sách trên địa bàn đạt 3.800 tỷ đồng."
            ),
            "",
            "Tin khác",
            "Sóc Sơn: Năm 2021 thu ngân sách đạt 2.900 tỷ đồng",
            "Kinh tế 23/12/2021 15:10",
            "Huyện Đông Anh hoàn thành 19/19 chỉ tiêu",
            "Kinh tế 23/12/2021 09:45",
            "",
            "(0) Bình luận",
            (
                "(*) Không sao chép dưới mọi hình thức khi chưa có sự đồng ý bằng văn bản của Báo"
                " Hànộimới."
            ),
        ),
    ),
    "112_thuong-tin-6-thang-2022-bom": (
        "utf8_bom",
        (
            "Thường Tín: Giá trị sản xuất 6 tháng đầu năm 2022 tăng 6,9%",
            "",
            "Thứ Hai, 04/07/2022 - 15:40",
            "",
            (
                "(KTĐT) - Sáng 4/7, UBND huyện Thường Tín tổ chức hội nghị sơ kết tình hình kinh "
                "tế - xã hội 6 tháng đầu năm, triển khai nhiệm vụ 6 tháng cuối năm 2022."
            ),
            "",
            (
                "Theo báo cáo, 6 tháng đầu năm 2022, tổng giá trị sản xuất trên địa bàn huyện ước"
                " đạt 10.245 tỷ đồng, tăng 6,9% so với cùng kỳ năm 2021, đạt 47,8% kế hoạch năm. "
                "Trong đó, giá trị sản xuất công nghiệp - tiểu thủ công nghiệp - xây dựng ước đạt"
                " 6.120 tỷ đồng, tăng 7,6%; thương mại - dịch vụ ước đạt 2.980 tỷ đồng, tăng "
                "7,4%; nông nghiệp ước đạt 1.145 tỷ đồng, tăng 2,2%. Tốc độ tăng giá trị sản xuất"
                " của huyện cao hơn huyện Phú Xuyên (5,2%) và huyện Thanh Oai (5,8%)."
            ),
            "",
            (
                "Thu ngân sách nhà nước trên địa bàn đạt 856 tỷ đồng, bằng 63,4% dự toán, bằng "
                "121,5% so với cùng kỳ. Chi ngân sách đạt 41,2% dự toán. Giải ngân vốn đầu tư "
                "công đạt 35% kế hoạch vốn Thành phố giao."
            ),
            "",
            (
                "Huyện phấn đấu 6 tháng cuối năm hoàn thành 19/19 chỉ tiêu kinh tế - xã hội năm "
                "2022, trong đó tốc độ tăng tổng giá trị sản xuất cả năm đạt 8%."
            ),
            "",
            "Tin liên quan",
            "Thường Tín: Làng nghề sơn mài Hạ Thái xuất khẩu 30 container hàng",
            "Phú Xuyên đón nhận Bằng công nhận huyện đạt chuẩn nông thôn mới",
            "",
            "Minh Ngọc",
            "",
            "© Bản quyền thuộc về Báo điện tử Kinh tế & Đô thị.",
        ),
    ),
    "113_chuong-my-nam-2024-utf16": (
        "utf16_bom",
        (
            ("Chương Mỹ: Năm 2024 hoàn thành 22/22 chỉ tiêu, đặt mục tiêu tăng trưởng 9% năm 2025"),
            "",
            "Hương Giang 18/12/2024 17:10",
            "",
            (
                "(HNM) - Ngày 18-12, HĐND huyện Chương Mỹ khóa XX tổ chức kỳ họp thứ 21 đánh giá "
                "kết quả năm 2024, quyết định kế hoạch năm 2025."
            ),
            "",
            (
                "Năm 2024, huyện Chương Mỹ hoàn thành và hoàn thành vượt mức 22/22 chỉ tiêu kinh "
                "tế - xã hội. Tổng giá trị sản xuất ước đạt 39.870 tỷ đồng, tăng 8,6% so với năm "
                "2023. Tỷ trọng thương mại - dịch vụ chiếm 38,4% cơ cấu kinh tế."
            ),
            "",
            (
                "Thu ngân sách nhà nước trên địa bàn ước đạt 3.102 tỷ đồng, đạt 156% dự toán. "
                "Giải ngân vốn đầu tư công đạt 98,6% kế hoạch vốn Thành phố giao. Năm 2024, huyện"
                " có thêm 4 xã đạt chuẩn nông thôn mới nâng cao, 2 xã đạt chuẩn nông thôn mới "
                "kiểu mẫu."
            ),
            "",
            "chuong-my-ky-hop-thu-21.jpg",
            ("Chương Mỹ: Năm 2024 hoàn thành 22/22 chỉ tiêu, đặt mục tiêu tăng trưởng 9% năm 2025"),
            "Các đại biểu biểu quyết thông qua nghị quyết tại kỳ họp.",
            "",
            (
                "Kỳ họp đã thông qua kế hoạch năm 2025 với 22 chỉ tiêu chủ yếu, trong đó tốc độ "
                "tăng tổng giá trị sản xuất đạt 9%; thu ngân sách trên địa bàn đạt 3.300 tỷ đồng;"
                " tỷ lệ bao phủ bảo hiểm y tế đạt 95%; giảm 35% hộ cận nghèo. HĐND huyện cũng "
                "thông qua kế hoạch vốn đầu tư công năm 2025 với tổng số 2.850 tỷ đồng."
            ),
            "",
            "Tin khác",
            "Quốc Oai: Năm 2024 thu ngân sách vượt 40% dự toán",
            "Kinh tế 18/12/2024 11:30",
            "Thanh Oai hoàn thành 20/20 chỉ tiêu kinh tế - xã hội",
            "Kinh tế 17/12/2024 19:05",
            "",
            "(0) Bình luận",
            (
                "(*) Không sao chép dưới mọi hình thức khi chưa có sự đồng ý bằng văn bản của Báo"
                " Hànộimới."
            ),
        ),
    ),
    "114_dong-da-quy-i-2023-cp1258": (
        "cp1258_crlf",
        (
            "Quận Đống Đa: Thu ngân sách quý I/2023 đạt 31,4% dự toán",
            "",
            "Đống Đa, ngày 12/4/2023",
            "",
            (
                "Theo báo cáo của UBND quận Đống Đa, quý I năm 2023, tổng thu ngân sách nhà nước "
                "trên địa bàn quận đạt 2.386 tỷ đồng, bằng 31,4% dự toán năm, tăng 11,7% so với "
                "cùng kỳ. Cũng trong quý I, thu ngân sách toàn Thành phố đạt 98.700 tỷ đồng."
            ),
            "",
            (
                "Doanh thu thương mại, dịch vụ trên địa bàn ước đạt 19.640 tỷ đồng, tăng 8,3% so "
                "với cùng kỳ năm 2022. Trong quý, quận có 542 doanh nghiệp thành lập mới."
            ),
            "",
            (
                "Công tác giải ngân vốn đầu tư công đạt 15,8% kế hoạch. Quận đã xử lý dứt điểm 12"
                " vụ vi phạm trật tự xây dựng; tỷ lệ xử lý các tồn tại về đất đai theo kết luận "
                "thanh tra đạt 76,5%."
            ),
            "",
            "Quận Đống Đa phấn đấu năm 2023 thu ngân sách đạt 8.200 tỷ đồng.",
            "",
            "Chia sẻ | In bài",
            "",
            "Các tin khác:",
            "- Quận Đống Đa tổ chức Lễ hội Gò Đống Đa năm 2023",
            "- Hai Bà Trưng: Quý I thu ngân sách đạt 2.100 tỷ đồng",
            "",
            "© Bản quyền thuộc về UBND quận Đống Đa",
        ),
    ),
}


def article_text(lines: tuple[str, ...]) -> str:
    """The NFC text of one article: its lines joined, with a final newline."""
    return "\n".join(lines) + "\n"


def encoded_articles() -> dict[str, bytes]:
    """File name -> bytes for every encoding variant."""
    return {
        f"{stem}.txt": ENCODERS[encoder](article_text(lines))
        for stem, (encoder, lines) in ARTICLES.items()
    }


def main() -> None:
    """Write every encoding variant next to this script."""
    for name, data in encoded_articles().items():
        (VARIANTS_DIR / name).write_bytes(data)
        print(f"wrote {name} ({len(data)} bytes)")


if __name__ == "__main__":
    main()
