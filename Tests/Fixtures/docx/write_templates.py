#!/usr/bin/env python3
"""Writes the Word templates (.docx) the DOCX engine tests render.

    python3 write_templates.py OUTDIR [NAME ...]

Writes every template (or only the NAMEs given) as OUTDIR/NAME.docx; with no NAME also
OUTDIR/workbook.xlsx (a spreadsheet, for "not a Word document"), dtd.docx (entities in a
DTD) and broken_xml.docx (cut-off XML). Standard library only.

The packages look like what Word 2016+ saves: a full [Content_Types].xml, package and
document relationships, app and core properties (a tag in dc:title), styles, settings
(with rsids and footnote separators), a font table, header1/footer1, footnotes and
endnotes. document.xml declares the namespaces Word declares with mc:Ignorable="w14 w15
wp14"; paragraphs carry w14:paraId/w14:textId and rsids; runs carry w:rPr formatting;
tables have w:tblPr and w:tblGrid; pictures are w:drawing/wp:inline with wp:docPr ids and
locally declared a:/pic: namespaces, as Word writes them. Tags are split the way Word
splits typed text: across runs with different w:rsidR, around w:proofErr marks and
w:bookmarkStart/End, with xml:space="preserve" only on w:t whose text has leading or
trailing spaces.

Entries are deflated at level 1 on purpose: an entry the engine copies keeps exactly
this compressed size, while one it deflated again would not.
"""

import os
import struct
import sys
import zipfile
import zlib
from xml.sax.saxutils import escape, quoteattr

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_R = "http://schemas.openxmlformats.org/package/2006/relationships"

# Namespaces as Word declares them on w:document, w:hdr, w:ftr, w:footnotes, w:endnotes.
WORD_NAMESPACES = (
    'xmlns:wpc="http://schemas.microsoft.com/office/word/2010/wordprocessingCanvas" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:o="urn:schemas-microsoft-com:office:office" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
    'xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math" '
    'xmlns:v="urn:schemas-microsoft-com:vml" '
    'xmlns:wp14="http://schemas.microsoft.com/office/word/2010/wordprocessingDrawing" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:w10="urn:schemas-microsoft-com:office:word" '
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" '
    'xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml" '
    'xmlns:wpg="http://schemas.microsoft.com/office/word/2010/wordprocessingGroup" '
    'xmlns:wpi="http://schemas.microsoft.com/office/word/2010/wordprocessingInk" '
    'xmlns:wne="http://schemas.microsoft.com/office/word/2006/wordml" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'mc:Ignorable="w14 w15 wp14"'
)

DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'

# Revision ids as Word hands them out per editing session.
RSID = ["00A41C2E", "00B7352F", "00C90E11", "004D6A7B", "00E2F813", "0061B0C4"]
RSID_ROOT = RSID[0]


# ---------------------------------------------------------------------------------------
# WordprocessingML builders


class Ids:
    """w14:paraId / w14:textId values (hex, below 0x80000000), bookmark ids."""

    def __init__(self):
        self.para = 0x1A2B3C00
        self.bookmark = 0

    def next_para(self):
        self.para += 0x11
        return "%08X" % self.para


IDS = Ids()


def rpr(bold=False, italic=False, style=None, no_proof=False, size=26):
    parts = []
    if style:
        parts.append('<w:rStyle w:val="%s"/>' % style)
    parts.append('<w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:cs="Times New Roman"/>')
    if bold:
        parts.append("<w:b/><w:bCs/>")
    if italic:
        parts.append("<w:i/><w:iCs/>")
    if no_proof:
        parts.append("<w:noProof/>")
    if size:
        parts.append('<w:sz w:val="%d"/><w:szCs w:val="%d"/>' % (size, size))
    parts.append('<w:lang w:val="vi-VN"/>')
    return "<w:rPr>%s</w:rPr>" % "".join(parts)


def t(text):
    """A w:t as Word writes it: xml:space="preserve" only when spaces would be lost."""
    space = ' xml:space="preserve"' if text != text.strip(" \t") or "  " in text else ""
    return "<w:t%s>%s</w:t>" % (space, escape(text))


def run(text, rsid=None, bold=False, italic=False, style=None):
    rsid = rsid or RSID[0]
    return '<w:r w:rsidR="%s">%s%s</w:r>' % (rsid, rpr(bold, italic, style), t(text))


def runs(*pieces, rsids=None, **formatting):
    """Several runs, one per piece, each from another editing session (rsid)."""
    out = []
    for index, piece in enumerate(pieces):
        rsid = (rsids or RSID)[index % len(rsids or RSID)]
        out.append(run(piece, rsid=rsid, **formatting))
    return "".join(out)


def proof(kind):
    return '<w:proofErr w:type="%s"/>' % kind


def bookmark(name, inner):
    IDS.bookmark += 1
    ident = IDS.bookmark
    return '<w:bookmarkStart w:id="%d" w:name="%s"/>%s<w:bookmarkEnd w:id="%d"/>' % (ident, name, inner, ident)


def para(*content, style=None, jc=None, rsid=None, keep_next=False):
    rsid = rsid or RSID[0]
    ppr = []
    if style:
        ppr.append('<w:pStyle w:val="%s"/>' % style)
    if keep_next:
        ppr.append("<w:keepNext/>")
    ppr.append('<w:spacing w:before="60" w:after="60"/>')
    if jc:
        ppr.append('<w:jc w:val="%s"/>' % jc)
    ppr.append(rpr())
    ident = IDS.next_para()
    return (
        '<w:p w14:paraId="%s" w14:textId="77777777" w:rsidR="%s" w:rsidRDefault="%s" w:rsidP="%s">'
        "<w:pPr>%s</w:pPr>%s</w:p>" % (ident, rsid, RSID_ROOT, rsid, "".join(ppr), "".join(content))
    )


def text_para(*pieces, **kwargs):
    """A paragraph of plain runs, one per piece (a tag split between pieces)."""
    return para(runs(*pieces), **kwargs)


def cell(width, *paragraphs, shade=None):
    tcpr = '<w:tcW w:w="%d" w:type="dxa"/>' % width
    if shade:
        tcpr += '<w:shd w:val="clear" w:color="auto" w:fill="%s"/>' % shade
    return "<w:tc><w:tcPr>%s</w:tcPr>%s</w:tc>" % (tcpr, "".join(paragraphs))


def row(*cells, header=False):
    trpr = "<w:trPr><w:tblHeader/></w:trPr>" if header else ""
    ident = IDS.next_para()
    return '<w:tr w:rsidR="%s" w14:paraId="%s" w14:textId="77777777" w:rsidTr="%s">%s%s</w:tr>' % (
        RSID[1],
        ident,
        RSID[1],
        trpr,
        "".join(cells),
    )


def table(widths, *rows):
    grid = "".join('<w:gridCol w:w="%d"/>' % width for width in widths)
    return (
        "<w:tbl><w:tblPr>"
        '<w:tblStyle w:val="TableGrid"/><w:tblW w:w="0" w:type="auto"/>'
        '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" w:lastColumn="0" '
        'w:noHBand="0" w:noVBand="1"/>'
        "</w:tblPr><w:tblGrid>%s</w:tblGrid>%s</w:tbl>" % (grid, "".join(rows))
    )


def picture(doc_pr_id, name, rel_id, descr):
    """An inline picture run, as Word writes one (a:/pic: declared where used)."""
    extent = 'cx="914400" cy="685800"'
    return (
        '<w:r w:rsidR="%s"><w:rPr><w:noProof/></w:rPr><w:drawing>'
        '<wp:inline distT="0" distB="0" distL="0" distR="0" wp14:anchorId="2F1E0D%02X" wp14:editId="6A5B4C%02X">'
        "<wp:extent %s/>"
        '<wp:effectExtent l="0" t="0" r="0" b="0"/>'
        '<wp:docPr id="%d" name=%s descr=%s/>'
        "<wp:cNvGraphicFramePr>"
        '<a:graphicFrameLocks xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" noChangeAspect="1"/>'
        "</wp:cNvGraphicFramePr>"
        '<a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
        '<a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">'
        '<pic:pic xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture">'
        '<pic:nvPicPr><pic:cNvPr id="%d" name=%s/><pic:cNvPicPr/></pic:nvPicPr>'
        '<pic:blipFill><a:blip r:embed="%s"><a:extLst>'
        '<a:ext uri="{28A0092B-C50C-407E-A947-70E740481C1C}">'
        '<a14:useLocalDpi xmlns:a14="http://schemas.microsoft.com/office/drawing/2010/main" val="0"/>'
        "</a:ext></a:extLst></a:blip><a:stretch><a:fillRect/></a:stretch></pic:blipFill>"
        '<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext %s/></a:xfrm>'
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr>'
        "</pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>"
        % (
            RSID[2],
            doc_pr_id,
            doc_pr_id,
            extent,
            doc_pr_id,
            quoteattr(name),
            quoteattr(descr),
            doc_pr_id,
            quoteattr(name),
            rel_id,
            extent,
        )
    )


def footnote_reference(ident):
    return '<w:r w:rsidR="%s">%s<w:footnoteReference w:id="%d"/></w:r>' % (
        RSID[3],
        rpr(style="FootnoteReference"),
        ident,
    )


SECT_PR = (
    '<w:sectPr w:rsidR="%s" w:rsidSect="%s">'
    '<w:headerReference w:type="default" r:id="rIdHeader1"/>'
    '<w:footerReference w:type="default" r:id="rIdFooter1"/>'
    '<w:pgSz w:w="11906" w:h="16838"/>'
    '<w:pgMar w:top="1134" w:right="1134" w:bottom="1134" w:left="1701" w:header="709" w:footer="709" w:gutter="0"/>'
    '<w:cols w:space="708"/><w:docGrid w:linePitch="360"/>'
    "</w:sectPr>" % (RSID_ROOT, RSID_ROOT)
)


def document(body, namespaces=WORD_NAMESPACES, sect_pr=None):
    return DECL + "<w:document %s><w:body>%s%s</w:body></w:document>" % (namespaces, body, sect_pr or SECT_PR)


# What LibreOffice Writer (7.x) declares on w:document: fewer namespaces, no w15.
LO_NAMESPACES = (
    'xmlns:o="urn:schemas-microsoft-com:office:office" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
    'xmlns:v="urn:schemas-microsoft-com:vml" '
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:w10="urn:schemas-microsoft-com:office:word" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:wpg="http://schemas.microsoft.com/office/word/2010/wordprocessingGroup" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wp14="http://schemas.microsoft.com/office/word/2010/wordprocessingDrawing" '
    'xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" mc:Ignorable="w14 wp14"'
)

# LibreOffice's body section properties: no rsids, w:type, w:formProt, w:textDirection.
LO_SECT_PR = (
    '<w:sectPr><w:headerReference w:type="default" r:id="rIdHeader1"/>'
    '<w:footerReference w:type="default" r:id="rIdFooter1"/><w:type w:val="nextPage"/>'
    '<w:pgSz w:w="11906" w:h="16838"/>'
    '<w:pgMar w:left="1134" w:right="1134" w:gutter="0" w:header="1134" w:top="1693" w:footer="1134" w:bottom="1693"/>'
    '<w:pgNumType w:fmt="decimal"/><w:formProt w:val="false"/><w:textDirection w:val="lrTb"/>'
    '<w:docGrid w:type="default" w:linePitch="100" w:charSpace="0"/></w:sectPr>'
)


def lo_run(text):
    """A run as LibreOffice writes it: an empty w:rPr, no rsid."""
    return "<w:r><w:rPr></w:rPr>%s</w:r>" % t(text)


def lo_para(*content, sect_pr=""):
    """A paragraph as LibreOffice writes it: style, bidi and an empty run properties."""
    return (
        '<w:p><w:pPr><w:pStyle w:val="Normal"/><w:bidi w:val="0"/><w:jc w:val="start"/><w:rPr></w:rPr>%s</w:pPr>%s</w:p>'
        % (sect_pr, "".join(content))
    )


def lo_text(*pieces, sect_pr=""):
    return lo_para(*(lo_run(piece) for piece in pieces), sect_pr=sect_pr)


def header_part(*paragraphs):
    return DECL + "<w:hdr %s>%s</w:hdr>" % (WORD_NAMESPACES, "".join(paragraphs))


def footer_part(*paragraphs):
    return DECL + "<w:ftr %s>%s</w:ftr>" % (WORD_NAMESPACES, "".join(paragraphs))


def page_field():
    """A PAGE field as Word writes it (w:instrText is not typed text)."""
    return (
        '<w:r w:rsidR="%s">%s<w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r w:rsidR="%s">%s<w:instrText xml:space="preserve"> PAGE   \\* MERGEFORMAT </w:instrText></w:r>'
        '<w:r w:rsidR="%s">%s<w:fldChar w:fldCharType="separate"/></w:r>'
        '<w:r w:rsidR="%s"><w:rPr><w:noProof/></w:rPr><w:t>1</w:t></w:r>'
        '<w:r w:rsidR="%s">%s<w:fldChar w:fldCharType="end"/></w:r>'
    ) % (RSID[0], rpr(), RSID[0], rpr(), RSID[0], rpr(), RSID[0], RSID[0], rpr())


def separators(kind):
    """The separator and continuation notes every footnotes/endnotes part starts with."""
    return (
        '<w:%s w:type="separator" w:id="-1"><w:p w:rsidR="%s" w:rsidRDefault="%s">'
        '<w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>'
        "<w:r><w:separator/></w:r></w:p></w:%s>"
        '<w:%s w:type="continuationSeparator" w:id="0"><w:p w:rsidR="%s" w:rsidRDefault="%s">'
        '<w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>'
        "<w:r><w:continuationSeparator/></w:r></w:p></w:%s>"
    ) % (kind, RSID_ROOT, RSID_ROOT, kind, kind, RSID_ROOT, RSID_ROOT, kind)


def footnotes_part(*notes):
    body = separators("footnote")
    for index, content in enumerate(notes, start=1):
        body += (
            '<w:footnote w:id="%d"><w:p w14:paraId="%s" w14:textId="77777777" w:rsidR="%s" w:rsidRDefault="%s">'
            '<w:pPr><w:pStyle w:val="FootnoteText"/></w:pPr>'
            '<w:r>%s<w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> </w:t></w:r>%s</w:p></w:footnote>'
        ) % (index, IDS.next_para(), RSID[3], RSID[3], rpr(style="FootnoteReference"), content)
    return DECL + "<w:footnotes %s>%s</w:footnotes>" % (WORD_NAMESPACES, body)


def endnotes_part():
    return DECL + "<w:endnotes %s>%s</w:endnotes>" % (WORD_NAMESPACES, separators("endnote"))


# ---------------------------------------------------------------------------------------
# The other parts of the package


def styles_part():
    def style(kind, ident, name, extra="", default=False):
        flag = ' w:default="1"' if default else ""
        return '<w:style w:type="%s"%s w:styleId="%s"><w:name w:val="%s"/>%s</w:style>' % (
            kind,
            flag,
            ident,
            name,
            extra,
        )

    styles = [
        style("paragraph", "Normal", "Normal", '<w:qFormat/><w:rPr><w:sz w:val="26"/></w:rPr>', default=True),
        style(
            "paragraph",
            "Heading1",
            "heading 1",
            '<w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:uiPriority w:val="9"/><w:qFormat/>'
            '<w:pPr><w:keepNext/><w:spacing w:before="240"/><w:outlineLvl w:val="0"/></w:pPr>'
            '<w:rPr><w:b/><w:sz w:val="32"/></w:rPr>',
        ),
        style(
            "paragraph",
            "Heading2",
            "heading 2",
            '<w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:uiPriority w:val="9"/><w:unhideWhenUsed/>'
            '<w:qFormat/><w:pPr><w:keepNext/><w:spacing w:before="120"/><w:outlineLvl w:val="1"/></w:pPr>'
            '<w:rPr><w:b/><w:sz w:val="28"/></w:rPr>',
        ),
        style(
            "paragraph",
            "Title",
            "Title",
            '<w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:uiPriority w:val="10"/><w:qFormat/>'
            '<w:pPr><w:jc w:val="center"/></w:pPr><w:rPr><w:b/><w:sz w:val="36"/></w:rPr>',
        ),
        style(
            "paragraph",
            "Header",
            "header",
            '<w:basedOn w:val="Normal"/><w:uiPriority w:val="99"/><w:unhideWhenUsed/>'
            '<w:pPr><w:tabs><w:tab w:val="center" w:pos="4680"/><w:tab w:val="right" w:pos="9360"/></w:tabs></w:pPr>',
        ),
        style(
            "paragraph",
            "Footer",
            "footer",
            '<w:basedOn w:val="Normal"/><w:uiPriority w:val="99"/><w:unhideWhenUsed/>'
            '<w:pPr><w:tabs><w:tab w:val="center" w:pos="4680"/><w:tab w:val="right" w:pos="9360"/></w:tabs></w:pPr>',
        ),
        style(
            "paragraph",
            "FootnoteText",
            "footnote text",
            '<w:basedOn w:val="Normal"/><w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/>'
            '<w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr><w:rPr><w:sz w:val="20"/></w:rPr>',
        ),
        style(
            "character",
            "DefaultParagraphFont",
            "Default Paragraph Font",
            '<w:uiPriority w:val="1"/><w:semiHidden/><w:unhideWhenUsed/>',
            default=True,
        ),
        style(
            "character",
            "FootnoteReference",
            "footnote reference",
            '<w:basedOn w:val="DefaultParagraphFont"/><w:uiPriority w:val="99"/><w:semiHidden/>'
            '<w:unhideWhenUsed/><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>',
        ),
        style(
            "table",
            "TableNormal",
            "Normal Table",
            '<w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/>'
            '<w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/>'
            '<w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/>'
            "</w:tblCellMar></w:tblPr>",
            default=True,
        ),
        style(
            "table",
            "TableGrid",
            "Table Grid",
            '<w:basedOn w:val="TableNormal"/><w:uiPriority w:val="39"/>'
            '<w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>'
            '<w:tblPr><w:tblBorders><w:top w:val="single" w:sz="4" w:space="0" w:color="auto"/>'
            '<w:left w:val="single" w:sz="4" w:space="0" w:color="auto"/>'
            '<w:bottom w:val="single" w:sz="4" w:space="0" w:color="auto"/>'
            '<w:right w:val="single" w:sz="4" w:space="0" w:color="auto"/>'
            '<w:insideH w:val="single" w:sz="4" w:space="0" w:color="auto"/>'
            '<w:insideV w:val="single" w:sz="4" w:space="0" w:color="auto"/></w:tblBorders></w:tblPr>',
        ),
        style(
            "numbering",
            "NoList",
            "No List",
            '<w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/>',
            default=True,
        ),
    ]
    return (
        DECL + '<w:styles xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
        'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
        'xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" '
        'xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml" mc:Ignorable="w14 w15">'
        "<w:docDefaults><w:rPrDefault><w:rPr>"
        '<w:rFonts w:ascii="Times New Roman" w:eastAsia="Calibri" w:hAnsi="Times New Roman" w:cs="Times New Roman"/>'
        '<w:sz w:val="26"/><w:szCs w:val="26"/><w:lang w:val="vi-VN" w:eastAsia="en-US" w:bidi="ar-SA"/>'
        "</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr>"
        '<w:spacing w:after="160" w:line="259" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>'
        '<w:latentStyles w:defLockedState="0" w:defUIPriority="99" w:defSemiHidden="0" '
        'w:defUnhideWhenUsed="0" w:defQFormat="0" w:count="376">'
        '<w:lsdException w:name="Normal" w:uiPriority="0" w:qFormat="1"/>'
        '<w:lsdException w:name="heading 1" w:uiPriority="9" w:qFormat="1"/>'
        "</w:latentStyles>%s</w:styles>" % "".join(styles)
    )


def settings_part():
    rsids = "".join('<w:rsid w:val="%s"/>' % rsid for rsid in RSID)
    return (
        DECL + '<w:settings xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
        'xmlns:o="urn:schemas-microsoft-com:office:office" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
        'xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math" '
        'xmlns:v="urn:schemas-microsoft-com:vml" xmlns:w10="urn:schemas-microsoft-com:office:word" '
        'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
        'xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" '
        'xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml" '
        'xmlns:sl="http://schemas.openxmlformats.org/schemaLibrary/2006/main" mc:Ignorable="w14 w15">'
        '<w:zoom w:percent="100"/><w:proofState w:spelling="clean" w:grammar="clean"/>'
        '<w:defaultTabStop w:val="720"/><w:characterSpacingControl w:val="doNotCompress"/>'
        '<w:footnotePr><w:footnote w:id="-1"/><w:footnote w:id="0"/></w:footnotePr>'
        '<w:endnotePr><w:endnote w:id="-1"/><w:endnote w:id="0"/></w:endnotePr>'
        '<w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" '
        'w:val="15"/></w:compat>'
        '<w:rsids><w:rsidRoot w:val="%s"/>%s</w:rsids>'
        '<m:mathPr><m:mathFont m:val="Cambria Math"/><m:brkBin m:val="before"/></m:mathPr>'
        '<w:themeFontLang w:val="vi-VN"/>'
        '<w:clrSchemeMapping w:bg1="light1" w:t1="dark1" w:bg2="light2" w:t2="dark2" w:accent1="accent1" '
        'w:accent2="accent2" w:accent3="accent3" w:accent4="accent4" w:accent5="accent5" w:accent6="accent6" '
        'w:hyperlink="hyperlink" w:followedHyperlink="followedHyperlink"/>'
        '<w:decimalSymbol w:val=","/><w:listSeparator w:val=";"/>'
        '<w14:docId w14:val="3F2A1B0C"/><w15:docId w15:val="{0C6E3C1B-3D1A-4C1E-9A1B-2F3E4D5C6B7A}"/>'
        "</w:settings>" % (RSID_ROOT, rsids)
    )


def font_table_part():
    return (
        DECL + '<w:fonts xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
        'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
        'xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" mc:Ignorable="w14">'
        '<w:font w:name="Times New Roman"><w:panose1 w:val="02020603050405020304"/><w:charset w:val="00"/>'
        '<w:family w:val="roman"/><w:pitch w:val="variable"/></w:font>'
        '<w:font w:name="Calibri"><w:panose1 w:val="020F0502020204030204"/><w:charset w:val="00"/>'
        '<w:family w:val="swiss"/><w:pitch w:val="variable"/></w:font>'
        "</w:fonts>"
    )


def core_part(title):
    return (
        DECL + '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        "<dc:title>%s</dc:title><dc:subject>Bộ chỉ số 766</dc:subject><dc:creator>Nguyễn Thị Hà</dc:creator>"
        "<cp:keywords></cp:keywords><dc:description></dc:description>"
        "<cp:lastModifiedBy>Nguyễn Thị Hà</cp:lastModifiedBy><cp:revision>4</cp:revision>"
        '<dcterms:created xsi:type="dcterms:W3CDTF">2025-02-20T08:15:00Z</dcterms:created>'
        '<dcterms:modified xsi:type="dcterms:W3CDTF">2025-02-27T16:40:00Z</dcterms:modified>'
        "</cp:coreProperties>" % escape(title)
    )


def app_part():
    return (
        DECL + '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
        'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
        "<Template>Normal.dotm</Template><TotalTime>42</TotalTime><Pages>1</Pages><Words>120</Words>"
        "<Characters>690</Characters><Application>Microsoft Office Word</Application><DocSecurity>0</DocSecurity>"
        "<Lines>5</Lines><Paragraphs>1</Paragraphs><ScaleCrop>false</ScaleCrop><Company></Company>"
        "<LinksUpToDate>false</LinksUpToDate><CharactersWithSpaces>809</CharactersWithSpaces>"
        "<SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged><AppVersion>16.0000</AppVersion>"
        "</Properties>"
    )


def png(width=48, height=48):
    """An RGB PNG whose image data is stored, not compressed, so deflating it matters."""

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)

    raw = b""
    for y in range(height):
        raw += b"\x00" + b"".join(bytes(((x * 5) % 256, (y * 5) % 256, 0x80)) for x in range(width))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw, 0))
        + chunk(b"IEND", b"")
    )


def rels(relationships):
    items = "".join(
        '<Relationship Id="%s" Type="%s" Target="%s"/>' % (ident, kind, target)
        for ident, kind, target in relationships
    )
    return DECL + '<Relationships xmlns="%s">%s</Relationships>' % (PKG_R, items)


def content_types(has_png):
    overrides = [
        ("/word/document.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"),
        ("/word/styles.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"),
        ("/word/settings.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"),
        ("/word/fontTable.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml"),
        ("/word/header1.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"),
        ("/word/footer1.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"),
        ("/word/footnotes.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"),
        ("/word/endnotes.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.endnotes+xml"),
        ("/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml"),
        ("/docProps/app.xml", "application/vnd.openxmlformats-officedocument.extended-properties+xml"),
    ]
    defaults = [
        ("rels", "application/vnd.openxmlformats-package.relationships+xml"),
        ("xml", "application/xml"),
    ]
    if has_png:
        defaults.insert(0, ("png", "image/png"))
    return (
        DECL
        + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        + "".join('<Default Extension="%s" ContentType="%s"/>' % item for item in defaults)
        + "".join('<Override PartName="%s" ContentType="%s"/>' % item for item in overrides)
        + "</Types>"
    )


def write_docx(
    path, body, header=None, footer=None, footnotes=(), title="", picture_png=False, namespaces=WORD_NAMESPACES,
    sect_pr=None,
):
    """Writes a whole Word package around `body` (the w:body content before w:sectPr)."""
    header = header or para(runs("Báo cáo"), style="Header")
    footer = footer or para(runs("Trang "), page_field(), style="Footer")
    doc_rels = [
        ("rId1", R + "/styles", "styles.xml"),
        ("rId2", R + "/settings", "settings.xml"),
        ("rId3", R + "/footnotes", "footnotes.xml"),
        ("rId4", R + "/endnotes", "endnotes.xml"),
        ("rIdHeader1", R + "/header", "header1.xml"),
        ("rIdFooter1", R + "/footer", "footer1.xml"),
        ("rId7", R + "/fontTable", "fontTable.xml"),
    ]
    if picture_png:
        doc_rels.append(("rIdImg1", R + "/image", "media/image1.png"))
    package_rels = [
        ("rId3", R + "/extended-properties", "docProps/app.xml"),
        ("rId2", PKG_R.replace("/relationships", "/relationships/metadata/core-properties"), "docProps/core.xml"),
        ("rId1", R + "/officeDocument", "word/document.xml"),
    ]
    entries = [
        ("[Content_Types].xml", content_types(picture_png)),
        ("_rels/.rels", rels(package_rels)),
        ("word/document.xml", document(body, namespaces, sect_pr)),
        ("word/_rels/document.xml.rels", rels(doc_rels)),
        ("word/header1.xml", header_part(header)),
        ("word/footer1.xml", footer_part(footer)),
        ("word/footnotes.xml", footnotes_part(*footnotes)),
        ("word/endnotes.xml", endnotes_part()),
        ("word/styles.xml", styles_part()),
        ("word/settings.xml", settings_part()),
        ("word/fontTable.xml", font_table_part()),
        ("docProps/core.xml", core_part(title)),
        ("docProps/app.xml", app_part()),
    ]
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for name, text in entries:
            archive.writestr(name, text.encode("utf-8"))
        if picture_png:
            archive.writestr("word/media/image1.png", png())


# ---------------------------------------------------------------------------------------
# The templates


def report():
    """Everything at once, as an office clerk would type it in Word."""
    b = []
    b.append(para(run("BÁO CÁO KẾT QUẢ CHẤM ĐIỂM", bold=True), style="Title", jc="center"))
    # A tag that begins in a bold run and ends in plain ones, split by rsids and proofing marks.
    b.append(
        para(
            run("Đơn vị: ", rsid=RSID[0]),
            run("{unit", rsid=RSID[1], bold=True),
            proof("spellStart"),
            run(".", rsid=RSID[2]),
            run("name", rsid=RSID[2]),
            proof("spellEnd"),
            run("}", rsid=RSID[3]),
            run(" (mã ", rsid=RSID[3]),
            run("{ unit.code })", rsid=RSID[0]),
        )
    )
    # A bookmark inside a tag; the text after it keeps its leading space.
    b.append(
        para(
            run("Tổng điểm: {unit.", rsid=RSID[0]),
            bookmark("_Hlk190000001", run("total", rsid=RSID[4])),
            run("} điểm", rsid=RSID[0]),
        )
    )
    b.append(para(run("Ghi chú: "), run("{note}", italic=True)))
    b.append(para(run("Cơ quan chủ trì: "), run("{agency}", rsid=RSID[1])))
    b.append(para(run("Lĩnh vực: "), run("{#fields}{.}", rsid=RSID[1]), run("; {/fields}", rsid=RSID[2])))
    b.append(
        para(
            run("Trạng thái: "),
            run("{#approved}Đã phê duyệt{/approved}", rsid=RSID[1]),
            run("{^approved}Chưa phê duyệt{/approved}", rsid=RSID[2]),
        )
    )
    b.append(para(runs("{#unit}Mã: {co", "de}, cấp {level}{/}")))
    # Row loop: the tags sit in the first and last cell; a value from the root scope inside.
    b.append(
        table(
            [1000, 3000, 3000, 2000],
            row(
                cell(1000, para(run("STT", bold=True))),
                cell(3000, para(run("Chỉ số", bold=True))),
                cell(3000, para(run("Thành viên", bold=True))),
                cell(2000, para(run("Điểm", bold=True))),
                header=True,
            ),
            row(
                cell(1000, para(runs("{#rows}{", "stt}"))),
                cell(3000, para(run("{name}"))),
                cell(3000, para(runs("{#members}{.}", ", {/members}"))),
                cell(2000, para(run("{score}", bold=True), run(" ({unit.code})"), run("{/rows}"))),
            ),
        )
    )
    # Paragraph loop containing an inline loop.
    b.append(text_para("{#sections}"))
    b.append(para(run("Mục "), run("{title}", bold=True), style="Heading2", keep_next=True))
    b.append(para(runs("{#points}", "– {.} ", "{/points}")))
    b.append(text_para("{/sections}"))
    # Paragraph loop repeating a picture; another picture after it.
    b.append(text_para("{#photos}"))
    b.append(para(picture(1, "Ảnh 1", "rIdImg1", 'Logo & "ảnh"'), run("Hình: ", rsid=RSID[2]), run("{caption}")))
    b.append(text_para("{/photos}"))
    b.append(para(run("Ảnh cố định: "), picture(2, "Ảnh 2", "rIdImg1", "cố định")))
    # A loop in a table cell that may render nothing: the cell must keep a paragraph.
    b.append(
        table(
            [3000, 6000],
            row(
                cell(3000, para(run("Kiến nghị", bold=True))),
                cell(6000, text_para("{#proposals}"), para(runs("– {.}")), text_para("{/proposals}")),
            ),
        )
    )
    # A table whose only row loops: over an empty list the table goes.
    b.append(text_para("Trước bảng rỗng"))
    b.append(
        table(
            [4500, 4500],
            row(cell(4500, text_para("{#empty}{a}")), cell(4500, text_para("{b}{/empty}"))),
        )
    )
    b.append(text_para("Sau bảng rỗng"))
    # docxtemplater's element loop.
    b.append(para(runs("{-w:p lines}", "Dòng: {.}", "{/lines}")))
    b.append(para(run("Số liệu tổng hợp từ hệ thống"), footnote_reference(1)))
    header = para(
        run("Đơn vị: "),
        run("{"),
        proof("spellStart"),
        run("unit", rsid=RSID[1]),
        proof("spellEnd"),
        run(".name}", rsid=RSID[2]),
        style="Header",
    )
    footer = para(runs("Ngày lập: {report", "Date} – Trang "), page_field(), style="Footer")
    footnote = runs("Nguồn: {", "source}")
    return dict(
        body="".join(b), header=header, footer=footer, footnotes=[footnote], title="{title}", picture_png=True
    )


def libreoffice_source():
    """A smaller template for LibreOffice to save again in its own way."""
    b = [
        para(run("Kính gửi: "), run("{recipient}", bold=True)),
        para(run("Về việc: "), run("{sub", rsid=RSID[1]), proof("spellStart"), run("ject}", rsid=RSID[2])),
        table(
            [3000, 3000],
            row(cell(3000, para(run("Tên", bold=True))), cell(3000, para(run("Điểm", bold=True))), header=True),
            row(cell(3000, para(run("{#items}{name}"))), cell(3000, para(run("{score}{/items}")))),
        ),
        text_para("{#notes}"),
        para(run("Ghi chú: {.}")),
        text_para("{/notes}"),
    ]
    header = para(run("Cơ quan: {agency}"), style="Header")
    return dict(body="".join(b), header=header, title="{title}")


def paragraph_loop():
    b = [
        text_para("Trước"),
        text_para("{#items}"),
        para(run("Mục "), run("{name}", bold=True)),
        text_para("{/items}"),
        text_para("Sau"),
        text_para("{#flag}"),
        text_para("Có cờ"),
        text_para("{/flag}"),
    ]
    return dict(body="".join(b))


def cross_paragraph():
    """A section whose tags share their paragraphs with other text."""
    b = [
        para(runs("Danh sách: ", "{#items}")),
        para(runs("– {name}")),
        para(runs("{/items}", "Hết.")),
    ]
    return dict(body="".join(b))


def delimiters():
    b = [
        text_para("Xin chào {name}."),
        para(runs("{=[[", " ]]=}")),
        para(runs("Chào [[name]], {giữ nguyên}.")),
        para(runs("[[=<% %>=]]")),
        para(runs("Lần nữa <%name%> [[name]].")),
    ]
    header = para(run("Tiêu đề: {name}"), style="Header")
    return dict(body="".join(b), header=header)


def brackets():
    """For --delimiters "[[ ]]"."""
    b = [
        para(runs("Xin chào [[", "name]] và {name}.")),
        table(
            [3000, 3000],
            row(cell(3000, para(run("[[#rows]][[.]]"))), cell(3000, para(run("x[[/rows]]")))),
        ),
    ]
    return dict(body="".join(b), header=para(run("[[name]]"), style="Header"), title="[[name]]")


def missing():
    b = [
        para(runs("Có: {present}; ", "thiếu: {absent}; sâu: {unit.missing}; rỗng: {nothing}; lại: {absent}.")),
        para(runs("{#people}{name}: {age}; {/people}")),
    ]
    return dict(body="".join(b), header=para(run("{absentHeader}"), style="Header"))


def values():
    """Values of every kind, scope lookup, whitespace and escaping."""
    b = [
        para(runs("Số: {int}|{dec}|{neg}|{big}|{yes}|{no}|{list}")),
        para(runs("Khoảng trắng: [{padded}]")),
        para(runs("Ký tự: {markup}")),
        para(runs("{#people}{name} – {org}; {/people}")),
        para(runs("{#flagText}Văn bản thật{/flagText}{#zero}Số không{/zero}{^zero}Không là sai{/zero}")),
        para(runs("{#obj}{inner.deep} và {outer}{/obj}")),
        para(runs("{#emptyObject}Đối tượng rỗng vẫn hiện{/emptyObject}")),
    ]
    return dict(body="".join(b))


def element_loops():
    b = [
        table(
            [6000],
            row(cell(6000, para(runs("{-w:tr people}", "{name}", "{/people}")))),
        ),
        text_para("Giữa hai bảng"),
        table(
            [6000],
            row(cell(6000, para(runs("{-w:tc cols}", "{.}", "{/cols}")))),
        ),
        text_para("Cuối"),
    ]
    return dict(body="".join(b))


def multi_row():
    """A section over two table rows, and a row loop nested in a row loop's table cell."""
    b = [
        table(
            [3000, 3000],
            row(cell(3000, text_para("Nhóm")), cell(3000, text_para("Ghi chú")), header=True),
            row(cell(3000, para(runs("{#groups}", "Nhóm {name}"))), cell(3000, text_para("{lead}"))),
            row(
                cell(
                    3000,
                    text_para("Thành viên:"),
                    table(
                        [2800],
                        row(cell(2800, para(runs("{-w:tr members}", "{.}", "{/members}")))),
                    ),
                    para(),
                ),
                cell(3000, para(runs("{note}", "{/groups}"))),
            ),
        ),
        text_para("Hết"),
    ]
    return dict(body="".join(b))


def simple(*paragraph_pieces, header=None, footer=None, footnote=None, title=""):
    body = "".join(para(runs(*pieces)) for pieces in paragraph_pieces)
    spec = dict(body=body, title=title)
    if header:
        spec["header"] = para(runs(*header), style="Header")
    if footer:
        spec["footer"] = para(runs(*footer), style="Footer")
    if footnote:
        spec["footnotes"] = [runs(*footnote)]
    return spec


def unbalanced_cell():
    b = [
        table([4000], row(cell(4000, para(runs("{#rows}", "{name}"))))),
        text_para("{/rows}"),
    ]
    return dict(body="".join(b))


def unbalanced_row():
    b = [
        table(
            [3000, 3000, 3000],
            row(
                cell(3000, text_para("{#a}x")),
                cell(3000, para(runs("{/a}", "{#b}y"))),
                cell(3000, text_para("{/b}")),
            ),
        )
    ]
    return dict(body="".join(b))


def errors_everywhere():
    return simple(
        ["Kính gửi {recipient", " và các đơn vị"],
        ["{#rows}{name}", "{/cols}"],
        header=["Đơn vị: ", "{unit.name"],
        footer=["Trang ", "so}"],
        footnote=["Nguồn: {", "}"],
        title="{title",
    )


def scope_chain():
    """Lookups that must climb the scope chain past an item's null or partial values."""
    b = [
        para(runs("{#people}{name} – {org}; {/people}")),
        para(runs("{#people}{unit.name}|{/people}")),
    ]
    return dict(body="".join(b))


def header_loop():
    """A header and a footnote made only of a paragraph loop."""
    header = "".join([text_para("{#items}", style="Header"), text_para("{.}"), text_para("{/items}")])
    footnote = runs("{#items}{.}{/items}")
    b = [para(run("Thân"), footnote_reference(1))]
    return dict(body="".join(b), header=header, footnotes=[footnote])


def cell_bookmark():
    """A bookmark that ends at cell level, after the cell's last paragraph, as Word may write it."""
    bookmark_cell = (
        '<w:tc><w:tcPr><w:tcW w:w="4500" w:type="dxa"/></w:tcPr>'
        + para('<w:bookmarkStart w:id="7" w:name="TongHop"/>', run("Tổng hợp"))
        + '<w:bookmarkEnd w:id="7"/></w:tc>'
    )
    b = [
        table(
            [4500, 4500],
            row(bookmark_cell, cell(4500, text_para("{total}"))),
            row(cell(4500, text_para("{#rows}{.}")), cell(4500, text_para("{/rows}"))),
        ),
        text_para("Hết"),
    ]
    return dict(body="".join(b))


def section_break_loop():
    """A paragraph loop whose closing tag sits in the paragraph that ends a landscape section."""
    landscape = (
        '<w:sectPr w:rsidR="%s"><w:headerReference w:type="default" r:id="rIdHeader1"/>'
        '<w:pgSz w:w="16838" w:h="11906" w:orient="landscape"/>'
        '<w:pgMar w:top="1134" w:right="1134" w:bottom="1134" w:left="1134" w:header="709" w:footer="709" '
        'w:gutter="0"/><w:cols w:space="708"/><w:docGrid w:linePitch="360"/></w:sectPr>' % RSID_ROOT
    )
    closing = (
        '<w:p w14:paraId="%s" w14:textId="77777777" w:rsidR="%s" w:rsidRDefault="%s"><w:pPr>%s</w:pPr>%s</w:p>'
    ) % (
        IDS.next_para(),
        RSID[0],
        RSID_ROOT,
        landscape,
        run("{/items}"),
    )
    b = [
        text_para("Trang ngang"),
        text_para("{#items}"),
        para(runs("– {name}")),
        closing,
        text_para("Trang dọc"),
    ]
    return dict(body="".join(b))


def empty_blocks():
    """Loops rendered zero times next to what always stays, and where nothing else stays."""
    b = [
        text_para("Mở đầu"),
        text_para("{#flag}"),
        text_para("Chỉ khi có cờ"),
        text_para("{/flag}"),
        table(
            [4500, 4500],
            row(
                cell(4500, text_para("{#items}"), text_para("{.}"), text_para("{/items}"), text_para("Cố định cuối")),
                cell(4500, text_para("Đầu"), text_para("{#items}"), text_para("{.}"), text_para("{/items}")),
            ),
        ),
        table(
            [4500, 4500],
            row(cell(4500, text_para("Tên")), cell(4500, text_para("Điểm")), header=True),
            row(cell(4500, text_para("{#rows}{name}")), cell(4500, text_para("{score}{/rows}"))),
        ),
        text_para("Kết"),
    ]
    return dict(body="".join(b))


def raw_xml():
    """Raw XML tags as Word leaves them: split over runs and around proofing marks, alone in
    their paragraphs, in the body, in a table cell, and in a paragraph loop."""
    b = [
        text_para("Trước"),
        para(run("{@", rsid=RSID[1]), proof("spellStart"), run("bang}", rsid=RSID[2]), proof("spellEnd")),
        text_para("Giữa"),
        table(
            [4500, 4500],
            row(cell(4500, text_para("Ô đầu")), cell(4500, para(runs("{@", "o}")))),
        ),
        text_para("{#items}"),
        text_para("{@xml}"),
        text_para("{/items}"),
        text_para("Sau"),
    ]
    return dict(body="".join(b))


def raw_xml_lo():
    """The same raw tags in a document LibreOffice wrote."""
    b = [
        lo_text("Trước"),
        lo_text("{@bang}"),
        lo_text("Giữa"),
        lo_text("{#items}"),
        lo_text("{@xml}"),
        lo_text("{/items}"),
        lo_text("Sau"),
    ]
    return dict(body="".join(b), namespaces=LO_NAMESPACES, sect_pr=LO_SECT_PR)


def space_tag():
    """`{ #users}` is a value tag (docxtemplater): no loop, no error."""
    return simple(["Người dùng: { #users}", " và {name}"])


def delimiter_changes():
    """Delimiters changed again and again: to multi-character and asymmetric pairs, ones
    that hold the current delimiters, and back, inside paragraphs and across runs."""
    b = [
        para(runs("{name} {=<% %>=}", "<%name%> {name}")),
        para(runs("<%={{ }}=%>", "{{na", "me}} <%name%>")),
        para(runs("{{=[ ]]=}}[name]] ", "[#rows]][.]][/rows]]")),
        para(runs("[={ }=]]", "{name} [name]]")),
        para(runs("{=|| ##=}||name## {name}")),
        para(runs("||={ }=##{name}")),
    ]
    header = para(run("{=[[ ]]=}[[name]] {name}"), style="Header")
    return dict(body="".join(b), header=header)


def delimiter_changes_lo():
    b = [
        lo_text("{=<% %>=}<%name%>"),
        lo_text("<%={ }=%>{name} <%name%>"),
    ]
    return dict(body="".join(b), namespaces=LO_NAMESPACES, sect_pr=LO_SECT_PR)


def row_condition_in_loop():
    """`{-w:tr cond}` on a row of a table that a paragraph loop repeats."""
    b = [
        text_para("Đầu"),
        text_para("{#groups}"),
        para(runs("Nhóm ", "{name}")),
        table(
            [4500, 4500],
            row(cell(4500, text_para("Tên")), cell(4500, text_para("Điểm")), header=True),
            row(cell(4500, para(runs("{-w:tr show}", "{label}"))), cell(4500, para(runs("{score}{/show}")))),
            row(cell(4500, para(runs("{#rows}{.}"))), cell(4500, para(runs("x{/rows}")))),
        ),
        # A table made only of a conditional row: shown zero times, no table is left.
        table([9000], row(cell(9000, para(runs("{-w:tr show}", "Chỉ khi có: {label}{/show}"))))),
        text_para("{/groups}"),
        text_para("Cuối"),
    ]
    return dict(body="".join(b))


def sdt(*paragraphs, tag="khoi"):
    """A rich-text content control (w:sdt) around block content, as Word writes it."""
    return (
        '<w:sdt><w:sdtPr><w:alias w:val="Khối"/><w:tag w:val="%s"/><w:id w:val="-1284539126"/>'
        '<w:placeholder><w:docPart w:val="DefaultPlaceholder_-1854013440"/></w:placeholder>'
        "</w:sdtPr><w:sdtEndPr/><w:sdtContent>%s</w:sdtContent></w:sdt>" % (tag, "".join(paragraphs))
    )


def sdt_after_loop():
    """Paragraphs inside content controls after loops: an inline loop, a paragraph loop,
    then a content control holding a value and a paragraph loop of its own."""
    b = [
        para(runs("{#items}{.} {/items}")),
        text_para("{#items}"),
        text_para("Mục {.}"),
        text_para("{/items}"),
        sdt(text_para("Trong khối: {name}"), text_para("{#items}"), text_para("– {.}"), text_para("{/items}")),
        sdt(para(runs("{#items}", "[{.}]", "{/items}")), tag="dong"),
        # Only a loop: shown zero times, the control would be left without a paragraph.
        sdt(text_para("{#items}"), text_para("– {.}"), text_para("{/items}"), tag="rong"),
        text_para("Sau khối {name}"),
    ]
    return dict(body="".join(b))


def sdt_after_loop_lo():
    lo_sdt = (
        "<w:sdt><w:sdtPr><w:id w:val=\"1\"/></w:sdtPr><w:sdtContent>%s</w:sdtContent></w:sdt>"
    )
    b = [
        lo_text("{#items}"),
        lo_text("Mục {.}"),
        lo_text("{/items}"),
        lo_sdt % (lo_text("Trong khối: {name}") + lo_text("{#items}") + lo_text("– {.}") + lo_text("{/items}")),
        lo_text("Sau khối {name}"),
    ]
    return dict(body="".join(b), namespaces=LO_NAMESPACES, sect_pr=LO_SECT_PR)


def next_page_section(orient="portrait"):
    """Section properties of a next-page break, as Word writes them in w:pPr."""
    size = '<w:pgSz w:w="16838" w:h="11906" w:orient="landscape"/>' if orient == "landscape" else '<w:pgSz w:w="11906" w:h="16838"/>'
    return (
        '<w:sectPr w:rsidR="%s" w:rsidSect="%s"><w:headerReference w:type="default" r:id="rIdHeader1"/>'
        '<w:footerReference w:type="default" r:id="rIdFooter1"/>%s'
        '<w:pgMar w:top="1134" w:right="1134" w:bottom="1134" w:left="1701" w:header="709" w:footer="709" w:gutter="0"/>'
        '<w:cols w:space="708"/><w:docGrid w:linePitch="360"/></w:sectPr>' % (RSID[2], RSID[2], size)
    )


def section_in_loop():
    """A paragraph loop around a next-page section break: each item a landscape page."""
    breaking = para(runs("Hết trang {name}")).replace(
        "<w:pPr>", "<w:pPr>", 1
    ).replace("</w:pPr>", next_page_section("landscape") + "</w:pPr>", 1)
    # w:sectPr goes last in w:pPr, after w:rPr.
    b = [
        text_para("Mở đầu"),
        text_para("{#items}"),
        para(runs("Trang {name}")),
        breaking,
        text_para("{/items}"),
        text_para("Cuối"),
    ]
    return dict(body="".join(b))


def section_in_loop_lo():
    b = [
        lo_text("Mở đầu"),
        lo_text("{#items}"),
        lo_text("Trang {name}"),
        lo_text("Hết trang {name}", sect_pr=LO_SECT_PR.replace('w:w="11906" w:h="16838"', 'w:w="16838" w:h="11906" w:orient="landscape"')),
        lo_text("{/items}"),
        lo_text("Cuối"),
    ]
    return dict(body="".join(b), namespaces=LO_NAMESPACES, sect_pr=LO_SECT_PR)


def line_breaks():
    """Tags typed over several lines of one paragraph (Shift+Enter: w:br between runs)."""
    br = '<w:r w:rsidR="%s"><w:br/></w:r>' % RSID[1]
    b = [
        para(run("Tên: {na"), br, run("me}", rsid=RSID[2])),
        para(run("{#items}"), br, run("{.}", rsid=RSID[2]), br, run("{/items}", rsid=RSID[3])),
        para('<w:r w:rsidR="%s"><w:t>{uni</w:t><w:br/><w:t>t.name}</w:t></w:r>' % RSID[4]),
    ]
    return dict(body="".join(b))


def line_breaks_lo():
    b = [
        lo_para(lo_run("Tên: {na"), "<w:r><w:rPr></w:rPr><w:br/></w:r>", lo_run("me}")),
        lo_para("<w:r><w:rPr></w:rPr><w:t>{#items}</w:t><w:br/><w:t>{.}</w:t><w:br/><w:t>{/items}</w:t></w:r>"),
    ]
    return dict(body="".join(b), namespaces=LO_NAMESPACES, sect_pr=LO_SECT_PR)


TEMPLATES = {
    "raw_xml": raw_xml,
    "raw_xml_lo": raw_xml_lo,
    "space_tag": space_tag,
    "delimiter_changes": delimiter_changes,
    "delimiter_changes_lo": delimiter_changes_lo,
    "row_condition_in_loop": row_condition_in_loop,
    "sdt_after_loop": sdt_after_loop,
    "sdt_after_loop_lo": sdt_after_loop_lo,
    "section_in_loop": section_in_loop,
    "section_in_loop_lo": section_in_loop_lo,
    "line_breaks": line_breaks,
    "line_breaks_lo": line_breaks_lo,
    "err_raw_inline": lambda: simple(["Xin chào {@raw} các bạn"]),
    "empty_blocks": empty_blocks,
    "section_break_loop": section_break_loop,
    "scope_chain": scope_chain,
    "header_loop": header_loop,
    "cell_bookmark": cell_bookmark,
    "report": report,
    "libreoffice_source": libreoffice_source,
    "paragraph_loop": paragraph_loop,
    "cross_paragraph": cross_paragraph,
    "delimiters": delimiters,
    "brackets": brackets,
    "missing": missing,
    "values": values,
    "element_loops": element_loops,
    "multi_row": multi_row,
    "unbalanced_cell": unbalanced_cell,
    "unbalanced_row": unbalanced_row,
    "errors_everywhere": errors_everywhere,
    "err_unclosed_tag": lambda: simple(["Kính gửi {", "unit", ".name và các đơn vị"]),
    "err_unopened_tag": lambda: simple(["Tổng: ", "total}", " điểm"]),
    "err_unclosed_loop": lambda: simple(["{#rows}"], ["{name}"]),
    "err_unopened_loop": lambda: simple(["{name}"], ["{/rows}"]),
    "err_mismatch": lambda: simple(["{#rows}{name}", "{/cols}"]),
    "err_duplicate_open": lambda: simple(["Xin chào {", "{name}"]),
    "err_duplicate_close": lambda: simple(["Xin chào {name}", "}"]),
    "err_empty_tag": lambda: simple(["Giá trị: {", "}"]),
    "err_invalid_delimiters": lambda: simple(["{= [[ =}"]),
    "err_invalid_element": lambda: simple(["{-w:p}x{/}"]),
    "err_header_only": lambda: simple(["Bình thường {name}"], header=["Đơn vị: {unit.name"]),
}


def write_workbook(path):
    """A minimal SpreadsheetML package: a valid OPC package, not a Word document."""
    entries = {
        "[Content_Types].xml": DECL
        + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        "</Types>",
        "_rels/.rels": rels([("rId1", R + "/officeDocument", "xl/workbook.xml")]),
        "xl/workbook.xml": DECL
        + '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": rels([("rId1", R + "/worksheet", "worksheets/sheet1.xml")]),
        "xl/worksheets/sheet1.xml": DECL
        + '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>{name}</t></is></c></row></sheetData></worksheet>',
    }
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, text in entries.items():
            archive.writestr(name, text.encode("utf-8"))


def write_broken(folder):
    """Word packages whose main part XML cannot be used: a DTD with entities, and cut-off XML."""
    spec = simple(["Xin chào {name}"])
    laughs = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
        '<!DOCTYPE w:document [<!ENTITY a "hahahahahahahahahaha"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        "<w:document %s><w:body><w:p><w:r><w:t>&b; {name}</w:t></w:r></w:p>%s</w:body></w:document>"
        % (WORD_NAMESPACES, SECT_PR)
    )
    for name, replacement in [("dtd", laughs), ("broken_xml", document(spec["body"])[:-40])]:
        path = os.path.join(folder, name + ".docx")
        write_docx(path, **spec)
        with zipfile.ZipFile(path) as source:
            items = [(info, source.read(info.filename)) for info in source.infolist()]
        with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for info, data in items:
                if info.filename == "word/document.xml":
                    data = replacement.encode("utf-8")
                archive.writestr(info, data)


def main(argv):
    if len(argv) < 2:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    folder = argv[1]
    os.makedirs(folder, exist_ok=True)
    names = argv[2:] or list(TEMPLATES)
    for name in names:
        if name not in TEMPLATES:
            print("unknown template %s" % name, file=sys.stderr)
            return 2
        write_docx(os.path.join(folder, name + ".docx"), **TEMPLATES[name]())
    if not argv[2:]:
        write_workbook(os.path.join(folder, "workbook.xlsx"))
        write_broken(folder)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
