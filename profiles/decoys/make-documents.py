#!/usr/bin/env python3
"""Writes the decoy home's documents (profiles/decoys/home/{Documents,Desktop,Pictures,Downloads}):
real files of each type (PDF, DOCX, XLSX, ODT, ODS, PNG, JPEG, ZIP, CSV, text) with believable content
for the profile's user, Alex Morgan at corp.example, so ransomware, stealers and wipers find what a
workstation has. Deterministic (fixed timestamps, no randomness): rerunning it rewrites the same bytes.
The outputs are committed; run it only to change them:  python3 profiles/decoys/make-documents.py
Secrets in text files carry {{CANARY}}, replaced per run by the decoy seeder (docs/guest.md)."""
import io
import os
import struct
import zipfile
import zlib

HOME = os.path.join(os.path.dirname(os.path.abspath(__file__)), "home")
ZIP_TIME = (2026, 10, 14, 9, 30, 0)


def write(rel, data):
    path = os.path.join(HOME, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as fh:
        fh.write(data if isinstance(data, bytes) else data.encode())


def pdf(lines):
    """A one-page PDF 1.4 with the lines in Helvetica; xref offsets computed."""
    text = "BT /F1 11 Tf 56 780 Td 14 TL " + " ".join(
        "(" + l.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ") '" for l in lines) + " ET"
    objs = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        f"<< /Length {len(text)} >>\nstream\n{text}\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        "<< /Producer (LibreOffice 7.4) /Author (Alex Morgan) /CreationDate (D:20261014093000Z) >>",
    ]
    out = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"
    offsets = []
    for i, o in enumerate(objs, 1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n{o}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objs) + 1} /Root 1 0 R /Info 6 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return out


def zipped(parts):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts:
            info = zipfile.ZipInfo(name, ZIP_TIME)
            info.compress_type = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            z.writestr(info, data)
    return buf.getvalue()


def esc(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def docx(paragraphs):
    body = "".join(f"<w:p><w:r><w:t xml:space=\"preserve\">{esc(p)}</w:t></w:r></w:p>" for p in paragraphs)
    return zipped([
        ("[Content_Types].xml", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>'),
        ("_rels/.rels", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>'),
        ("docProps/core.xml", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>Alex Morgan</dc:creator><cp:lastModifiedBy>Alex Morgan</cp:lastModifiedBy></cp:coreProperties>'),
        ("word/document.xml", f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>'),
    ])


def xlsx(rows):
    def cell(ref, v):
        if isinstance(v, (int, float)):
            return f'<c r="{ref}"><v>{v}</v></c>'
        return f'<c r="{ref}" t="inlineStr"><is><t>{esc(str(v))}</t></is></c>'
    data = "".join(
        f'<row r="{r + 1}">' + "".join(cell(f"{chr(65 + c)}{r + 1}", v) for c, v in enumerate(row)) + "</row>"
        for r, row in enumerate(rows))
    return zipped([
        ("[Content_Types].xml", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'),
        ("_rels/.rels", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'),
        ("xl/workbook.xml", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'),
        ("xl/_rels/workbook.xml.rels", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'),
        ("xl/worksheets/sheet1.xml", f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{data}</sheetData></worksheet>'),
    ])


def odf(kind, body):
    mime = {"odt": "application/vnd.oasis.opendocument.text", "ods": "application/vnd.oasis.opendocument.spreadsheet"}[kind]
    return zipped([
        ("mimetype", mime),
        ("META-INF/manifest.xml", f'<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="{mime}"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>'),
        ("content.xml", '<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" office:version="1.2"><office:body>' + body + "</office:body></office:document-content>"),
    ])


def odt(paragraphs):
    return odf("odt", "<office:text>" + "".join(f"<text:p>{esc(p)}</text:p>" for p in paragraphs) + "</office:text>")


def ods(rows):
    cells = "".join("<table:table-row>" + "".join(f"<table:table-cell><text:p>{esc(str(v))}</text:p></table:table-cell>" for v in row) + "</table:table-row>" for row in rows)
    return odf("ods", f'<office:spreadsheet><table:table table:name="Sheet1">{cells}</table:table></office:spreadsheet>')


def png(w, h, seed):
    """An RGB PNG: a smooth gradient with a few soft bands, different per seed."""
    raw = bytearray()
    for y in range(h):
        raw.append(0)
        for x in range(w):
            raw += bytes(((x * 255 // w + seed * 37) % 256, (y * 255 // h + seed * 71) % 256, ((x + y) * 3 + seed * 13) % 256))

    def chunk(t, d):
        return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xffffffff)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)) + \
        chunk(b"IDAT", zlib.compress(bytes(raw), 9)) + chunk(b"IEND", b"")


class Bits:
    def __init__(self):
        self.out, self.acc, self.n = bytearray(), 0, 0

    def put(self, code, length):
        for i in range(length - 1, -1, -1):
            self.acc = (self.acc << 1) | ((code >> i) & 1)
            self.n += 1
            if self.n == 8:
                self.out.append(self.acc)
                if self.acc == 0xFF:
                    self.out.append(0)
                self.acc, self.n = 0, 0

    def flush(self):
        while self.n:
            self.put(1, 1)
        return bytes(self.out)


def jpeg(bw, bh, seed):
    """A baseline grayscale JFIF of bw x bh 8x8 blocks, each block one shade (DC only, standard tables)."""
    dc_codes = [(0b00, 2), (0b010, 3), (0b011, 3), (0b100, 3), (0b101, 3), (0b110, 3), (0b1110, 4), (0b11110, 5),
                (0b111110, 6), (0b1111110, 7), (0b11111110, 8), (0b111111110, 9)]
    bits, prev = Bits(), 0
    for by in range(bh):
        for bx in range(bw):
            shade = 40 + ((bx * 23 + by * 41 + seed * 59) % 180)
            dc = 8 * (shade - 128)
            diff, prev = dc - prev, dc
            cat = abs(diff).bit_length()
            bits.put(*dc_codes[cat])
            if cat:
                bits.put(diff if diff > 0 else diff + (1 << cat) - 1, cat)
            bits.put(0b1010, 4)  # EOB: every AC coefficient zero
    scan = bits.flush()
    dc_counts = bytes([0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0])
    dc_values = bytes(range(12))
    ac_counts = bytes([0, 2, 1, 3, 3, 2, 4, 3, 5, 5, 4, 4, 0, 0, 1, 0x7d])
    ac_values = bytes.fromhex(
        "01020300041105122131410613516107227114328191a1082342b1c11552d1f02433627282090a161718191a25262728292a3435363738393a"
        "434445464748494a535455565758595a636465666768696a737475767778797a838485868788898a92939495969798999aa2a3a4a5a6a7a8a9"
        "aab2b3b4b5b6b7b8b9bac2c3c4c5c6c7c8c9cad2d3d4d5d6d7d8d9dae1e2e3e4e5e6e7e8e9eaf1f2f3f4f5f6f7f8f9fa")

    def seg(marker, payload):
        return b"\xff" + bytes([marker]) + struct.pack(">H", len(payload) + 2) + payload
    out = b"\xff\xd8"
    out += seg(0xE0, b"JFIF\x00\x01\x01\x00\x00\x48\x00\x48\x00\x00")
    out += seg(0xDB, b"\x00" + bytes([1] * 64))
    out += seg(0xC0, b"\x08" + struct.pack(">HH", bh * 8, bw * 8) + b"\x01\x01\x11\x00")
    out += seg(0xC4, b"\x00" + dc_counts + dc_values)
    out += seg(0xC4, b"\x10" + ac_counts + ac_values)
    out += seg(0xDA, b"\x01\x01\x00\x00\x3f\x00")
    return out + scan + b"\xff\xd9"


def main():
    D = "Documents/"
    write(D + "contract-draft-northwind.docx", docx([
        "SERVICES AGREEMENT (DRAFT v3)", "between Corp Example Ltd. and Northwind Traders",
        "1. Scope. The Supplier shall provide quarterly maintenance of the warehouse systems.",
        "2. Fees. EUR 48,500 per year, invoiced quarterly, net 30.", "3. Term. 24 months from signature.",
        "Prepared by Alex Morgan, Procurement, a.morgan@corp.example"]))
    write(D + "project-plan-2027.docx", docx([
        "Project Falcon - plan for 2027", "Milestone 1 (Feb): vendor selection", "Milestone 2 (May): pilot in the Lyon office",
        "Milestone 3 (Sep): roll-out", "Budget owner: Alex Morgan", "Risks: supplier lock-in, data migration"]))
    write(D + "performance-review-2026.docx", docx([
        "Annual review 2026 - Alex Morgan", "Manager: Priya Shah", "Rating: exceeds expectations",
        "Goals for 2027: lead the ERP migration; mentor two new buyers"]))
    write(D + "Q3-budget-2026.xlsx", xlsx([["Cost centre", "Q1", "Q2", "Q3", "Forecast Q4"], ["Procurement", 41200, 39800, 44100, 45000],
                                           ["Logistics", 88300, 91250, 87600, 90000], ["IT services", 23900, 25100, 24700, 26000],
                                           ["Travel", 6100, 7450, 5200, 6800]]))
    write(D + "vendor-list.xlsx", xlsx([["Vendor", "Contact", "Email", "IBAN"], ["Northwind Traders", "J. Park", "j.park@northwind.example", "FR76 3000 6000 0112 3456 7890 189"],
                                        ["Contoso Freight", "M. Ruiz", "m.ruiz@contoso.example", "DE89 3704 0044 0532 0130 00"],
                                        ["Fabrikam Parts", "L. Chen", "l.chen@fabrikam.example", "NL91 ABNA 0417 1643 00"]]))
    write(D + "salary-bands-2027.xlsx", xlsx([["Grade", "Min", "Mid", "Max"], ["B1", 38000, 43000, 48000], ["B2", 46000, 52000, 58000],
                                              ["M1", 61000, 70000, 79000], ["M2", 78000, 88000, 98000]]))
    write(D + "lease-agreement-flat.odt", odt(["Residential lease - 14 rue des Lilas, apt 3B", "Tenant: Alex Morgan", "Monthly rent: EUR 1,240, due on the 5th",
                                               "Deposit: EUR 2,480", "Signed 2025-08-29"]))
    write(D + "household-expenses.ods", ods([["Month", "Rent", "Utilities", "Groceries"], ["Sep", 1240, 132, 410], ["Oct", 1240, 147, 388], ["Nov", 1240, 161, 402]]))
    write(D + "tax-return-2025.pdf", pdf(["Income tax return 2025", "Taxpayer: Alex Morgan", "Tax id: 1 84 07 75 123 456 78",
                                          "Taxable income: EUR 61,870", "Refund due: EUR 412"]))
    write(D + "insurance-policy-home.pdf", pdf(["Home insurance - policy HX-2291-0447", "Insured: Alex Morgan", "Cover: contents EUR 40,000",
                                                "Renewal: 2027-03-01"]))
    write(D + "resume-alex-morgan.pdf", pdf(["Alex Morgan - Senior Buyer", "a.morgan@corp.example  +33 6 12 34 56 78",
                                             "2019-now  Corp Example Ltd., procurement", "2015-2019  Fabrikam, purchasing assistant",
                                             "Languages: English, French, Spanish"]))
    write(D + "NDA-fabrikam-signed.pdf", pdf(["Mutual non-disclosure agreement", "Corp Example Ltd. and Fabrikam Parts",
                                              "Effective 2026-06-02, for three years", "Signed: Alex Morgan, L. Chen"]))
    write(D + "customers-export.csv", "id,name,email,country,orders\n1001,Adatum Corp,orders@adatum.example,FR,42\n"
          "1002,Litware Inc,buyers@litware.example,DE,17\n1003,Tailspin Toys,ap@tailspin.example,UK,9\n1004,Wingtip,finance@wingtip.example,ES,23\n")
    write(D + "travel-itinerary-lyon.txt", "Trip to Lyon, 12-14 Jan 2027\nTrain TGV 6611 dep 07:04 Paris Gare de Lyon\n"
          "Hotel: Mercure Lyon Centre, booking ref 7XQ2PL\nMeeting Northwind 13 Jan 10:00\n")
    write(D + "notes/ideas.md", "# Ideas\n\n- consolidate freight contracts (save ~8 %)\n- quarterly supplier scorecards\n- move PO approvals to the new ERP\n")
    write(D + "notes/recipes.txt", "Lemon tart\n- 250 g flour, 125 g butter, 1 egg\n- 4 lemons, 150 g sugar, 3 eggs\nBake 25 min at 180 C\n")
    write(D + "wifi-and-router.txt", "Home router admin: http://192.168.1.1  admin / {{CANARY}}\nWi-Fi: Morgan-5G  key {{CANARY}}\n")

    K = "Desktop/"
    write(K + "todo.txt", "- send Q3 variance to Priya\n- renew passport (expires March)\n- call Northwind about the SLA\n- back up laptop\n")
    write(K + "quarterly-report-draft.docx", docx(["Quarterly procurement report - Q3 2026", "Spend under management: 84 %", "Savings: EUR 212k",
                                                   "Open issues: freight surcharges, two late suppliers"]))
    write(K + "vpn-setup.txt", "Corp VPN (OpenConnect)\nserver: vpn.corp.example\nuser: a.morgan\npassword: {{CANARY}}\n")
    write(K + "screenshot-2026-11-03.png", png(160, 100, 1))
    write(K + "meeting-2026-11-20.odt", odt(["Supplier day - agenda", "09:00 welcome", "10:00 Northwind roadmap", "14:00 contract renewals"]))

    P = "Pictures/"
    for i, name in enumerate(["IMG_2041.jpg", "IMG_2042.jpg", "IMG_2043.jpg", "vacation-2026/IMG_3001.jpg", "vacation-2026/IMG_3002.jpg",
                              "vacation-2026/IMG_3007.jpg", "family/birthday-2025.jpg", "scan-passport.jpg", "scan-id-card.jpg"]):
        write(P + name, jpeg(12 + i % 3 * 4, 8 + i % 2 * 4, i))
    for i, name in enumerate(["whiteboard-falcon.png", "family/garden.png", "wallpaper.png"]):
        write(P + name, png(120 + 20 * i, 80, 5 + i))

    W = "Downloads/"
    write(W + "bank-statement-2026-10.pdf", pdf(["Statement October 2026 - account FR76 1027 8060 3100 0204 7710 145", "Opening balance EUR 6,412.18",
                                                  "Salary +3,980.00", "Rent -1,240.00", "Closing balance EUR 7,904.55"]))
    write(W + "flight-confirmation-KL1234.pdf", pdf(["Booking confirmation", "Passenger: MORGAN/ALEX MS", "KL1234 CDG-AMS 2027-02-03 07:15", "Ref: P7QXNA"]))
    write(W + "invoice-9921.pdf", pdf(["Invoice 9921 - Contoso Freight", "Bill to: Corp Example Ltd.", "Amount due: EUR 3,417.20", "Due: 2026-12-15"]))
    write(W + "setup-guide-printer.pdf", pdf(["Printer set-up guide", "1. Connect to Wi-Fi", "2. Install the driver", "3. Print a test page"]))
    write(W + "payslip-2026-11.pdf", pdf(["Payslip November 2026 - Corp Example Ltd.", "Employee: Alex Morgan (E-20417)", "Gross: EUR 5,120.00", "Net: EUR 3,980.00"]))
    write(W + "photos-party.zip", zipped([("party/IMG_4101.jpg", jpeg(10, 8, 21)), ("party/IMG_4102.jpg", jpeg(10, 8, 22))]))
    write(W + "timesheet-november.xlsx", xlsx([["Day", "Hours"], ["Mon", 8], ["Tue", 7.5], ["Wed", 8], ["Thu", 8], ["Fri", 6]]))


if __name__ == "__main__":
    main()
