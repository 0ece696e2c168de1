"""Reference data: the document types of NĐ 30/2020 Phụ lục III (plus the normative types the
registers receive) and the issuers a provincial department deals with. Admin-editable afterwards."""

from django.db import migrations

# (name, abbreviation, is_normative)
DOCUMENT_TYPES = [
    ("Công văn", "", False),
    ("Nghị quyết (cá biệt)", "NQ", False),
    ("Quyết định (cá biệt)", "QĐ", False),
    ("Chỉ thị", "CT", False),
    ("Quy chế", "QC", False),
    ("Quy định", "QyĐ", False),
    ("Thông cáo", "TC", False),
    ("Thông báo", "TB", False),
    ("Hướng dẫn", "HD", False),
    ("Chương trình", "CTr", False),
    ("Kế hoạch", "KH", False),
    ("Phương án", "PA", False),
    ("Đề án", "ĐA", False),
    ("Dự án", "DA", False),
    ("Báo cáo", "BC", False),
    ("Biên bản", "BB", False),
    ("Tờ trình", "TTr", False),
    ("Hợp đồng", "HĐ", False),
    ("Công điện", "CĐ", False),
    ("Bản ghi nhớ", "BGN", False),
    ("Bản thỏa thuận", "BTT", False),
    ("Giấy ủy quyền", "GUQ", False),
    ("Giấy mời", "GM", False),
    ("Giấy giới thiệu", "GGT", False),
    ("Giấy nghỉ phép", "GNP", False),
    ("Phiếu gửi", "PG", False),
    ("Phiếu chuyển", "PC", False),
    ("Phiếu báo", "PB", False),
    ("Bản sao y", "SY", False),
    ("Bản trích sao", "TrS", False),
    ("Bản sao lục", "SL", False),
    ("Kết luận", "KL", False),
    # Legal normative documents (Luật Ban hành văn bản quy phạm pháp luật): numbered per type, with the year.
    ("Luật", "", True),
    ("Nghị định", "NĐ", True),
    ("Thông tư", "TT", True),
    ("Thông tư liên tịch", "TTLT", True),
    ("Nghị quyết (quy phạm pháp luật)", "NQ", True),
    ("Quyết định (quy phạm pháp luật)", "QĐ", True),
]

# (name, symbol)
ISSUERS = [
    ("Trung ương Đảng", "TW"),
    ("Tỉnh ủy Quảng Ngãi", "TU"),
    ("Văn phòng Tỉnh ủy Quảng Ngãi", "VPTU"),
    ("Ban Dân vận Tỉnh ủy Quảng Ngãi", "BDVTU"),
    ("Quốc hội", "QH"),
    ("Chính phủ", "CP"),
    ("Thủ tướng Chính phủ", "TTg"),
    ("Bộ Công Thương", "BCT"),
    ("Bộ Nội vụ", "BNV"),
    ("Hội đồng nhân dân tỉnh Quảng Ngãi", "HĐND"),
    ("Ủy ban nhân dân tỉnh Quảng Ngãi", "UBND"),
    ("Sở Công Thương tỉnh Quảng Ngãi", "SCT"),
    ("Sở Nội vụ tỉnh Quảng Ngãi", "SNV"),
    ("Sở Kế hoạch và Đầu tư tỉnh Quảng Ngãi", "SKHĐT"),
    ("Sở Tài chính tỉnh Quảng Ngãi", "STC"),
    ("Ban Quản lý Khu kinh tế Dung Quất và các Khu công nghiệp Quảng Ngãi", "KKTN"),
]


def seed(apps, schema_editor):
    DocumentType = apps.get_model("documents", "DocumentType")
    Issuer = apps.get_model("documents", "Issuer")
    for order, (name, abbreviation, is_normative) in enumerate(DOCUMENT_TYPES, start=1):
        DocumentType.objects.update_or_create(
            name=name,
            defaults={"abbreviation": abbreviation, "is_normative": is_normative, "sort_order": order},
        )
    for name, symbol in ISSUERS:
        Issuer.objects.update_or_create(name=name, defaults={"symbol": symbol})


class Migration(migrations.Migration):
    dependencies = [("documents", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
