"""XMP metadata and the PDF/A-2b parts of a finished PDF (output intent, annotation flags).

The XMP packet is written here, not by a library, so that it is the same bytes on
every build and mirrors the document information dictionary exactly (PDF/A
requires the two to agree). Tagged output claims PDF/UA-1. With ``pdfa`` it
claims PDF/A-2b as well: PDF/A allows a property outside its own schemas only
when the packet declares it, so the ``pdfuaid`` namespace and its ``part``
property are described in a ``pdfaExtension:schemas`` block (ISO 19005-2,
6.6.2.3). The sRGB output profile is made by LittleCMS (through Pillow) with a
fixed creation date, so it is deterministic too.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from importlib import resources

import pikepdf
from pikepdf import Array, Dictionary, Name, String

from .markup import escape
from .render import Metadata

PRODUCER = "ReportLab PDF Library; pikepdf"


def xmp_packet(meta: Metadata, date: dt.date, *, tagged: bool, pdfa: bool) -> bytes:
    """The document's XMP metadata as a complete, deterministic packet."""
    iso = f"{date.isoformat()}T00:00:00Z"
    claims = ""
    if pdfa:
        claims += "   <pdfaid:part>2</pdfaid:part>\n   <pdfaid:conformance>B</pdfaid:conformance>\n"
    if tagged:
        claims += "   <pdfuaid:part>1</pdfuaid:part>\n"
    author = f"<rdf:li>{escape(meta.author)}</rdf:li>" if meta.author else ""
    body = f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    {_namespaces(tagged=tagged, pdfa=pdfa)}>
   <dc:format>application/pdf</dc:format>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{escape(meta.title)}</rdf:li></rdf:Alt>
   </dc:title>
   <dc:creator><rdf:Seq>{author}</rdf:Seq></dc:creator>
   <dc:description><rdf:Alt><rdf:li xml:lang="x-default">{escape(meta.subject)}</rdf:li>
   </rdf:Alt></dc:description>
   <dc:language><rdf:Bag><rdf:li>{escape(meta.language)}</rdf:li></rdf:Bag></dc:language>
   <pdf:Keywords>{escape(", ".join(meta.keywords))}</pdf:Keywords>
   <pdf:Producer>{PRODUCER}</pdf:Producer>
   <xmp:CreatorTool>{escape(meta.creator)}</xmp:CreatorTool>
   <xmp:CreateDate>{iso}</xmp:CreateDate>
   <xmp:ModifyDate>{iso}</xmp:ModifyDate>
   <xmp:MetadataDate>{iso}</xmp:MetadataDate>
{claims}  </rdf:Description>
{UA_EXTENSION if pdfa and tagged else ""} </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""
    return body.encode("utf-8")


# The PDF/A extension schema that declares the PDF/UA identification property.
UA_EXTENSION = """  <rdf:Description rdf:about=""
    xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"
    xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#"
    xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
   <pdfaExtension:schemas>
    <rdf:Bag>
     <rdf:li rdf:parseType="Resource">
      <pdfaSchema:schema>PDF/UA Universal Accessibility</pdfaSchema:schema>
      <pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>
      <pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
      <pdfaSchema:property>
       <rdf:Seq>
        <rdf:li rdf:parseType="Resource">
         <pdfaProperty:name>part</pdfaProperty:name>
         <pdfaProperty:valueType>Integer</pdfaProperty:valueType>
         <pdfaProperty:category>internal</pdfaProperty:category>
         <pdfaProperty:description>Part of ISO 14289 the file conforms to</pdfaProperty:description>
        </rdf:li>
       </rdf:Seq>
      </pdfaSchema:property>
     </rdf:li>
    </rdf:Bag>
   </pdfaExtension:schemas>
  </rdf:Description>
"""


def _namespaces(*, tagged: bool, pdfa: bool) -> str:
    """Only the namespaces the packet uses (a PDF/A checker rejects unused ones)."""
    spaces = []
    if pdfa:
        spaces.append('xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"')
    if tagged:
        spaces.append('xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/"')
    return "\n    ".join(spaces)


def set_metadata(
    pdf: pikepdf.Pdf, meta: Metadata, date: dt.date, *, tagged: bool, pdfa: bool
) -> None:
    """Document information and XMP, kept in step."""
    stamp = f"D:{date:%Y%m%d}000000Z"
    info = pdf.docinfo
    info["/Title"], info["/Author"], info["/Subject"] = meta.title, meta.author, meta.subject
    info["/Keywords"] = ", ".join(meta.keywords)
    info["/Creator"], info["/Producer"] = meta.creator, PRODUCER
    info["/CreationDate"] = info["/ModDate"] = stamp
    stream = pdf.make_stream(xmp_packet(meta, date, tagged=tagged, pdfa=pdfa))
    stream.Type, stream.Subtype = Name.Metadata, Name.XML
    pdf.Root.Metadata = stream


def make_archival(pdf: pikepdf.Pdf) -> None:
    """PDF/A-2b needs: an sRGB output intent, and every annotation printable."""
    profile = pdf.make_stream(srgb_profile())
    profile.N = 3
    pdf.Root.OutputIntents = Array(
        [
            Dictionary(
                Type=Name.OutputIntent,
                S=Name.GTS_PDFA1,
                DestOutputProfile=profile,
                OutputConditionIdentifier=String("sRGB IEC61966-2.1"),
                Info=String("sRGB"),
            )
        ]
    )
    for page in pdf.pages:
        for annot in page.obj.get("/Annots", Array()):
            annot.F = 4


@cache
def srgb_profile() -> bytes:
    """The output intent's sRGB ICC profile, shipped as ``srgb.icc`` (588 bytes): making
    it with littleCMS costs about 50 ms of every PDF/A build. It is the profile
    :func:`make_srgb_profile` makes; a test checks that they are the same."""
    return (resources.files("rapport") / "srgb.icc").read_bytes()


def make_srgb_profile() -> bytes:
    """An sRGB ICC profile made by littleCMS (through Pillow), with a fixed creation date
    (bytes 24–35 of the header)."""
    from PIL import ImageCms

    data = bytearray(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    data[24:36] = bytes([0x07, 0xD0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0])  # 2000-01-01 00:00:00
    return bytes(data)
