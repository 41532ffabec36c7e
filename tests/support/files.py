"""Files for upload tests that are what they claim to be: core.files opens every upload, so a
PDF must really be a PDF (with a page) and a picture must really decode."""

import io

from PIL import Image
from pypdf import PdfWriter


def pdf_bytes():
    """A one-page PDF, as small as a real one gets."""
    writer = PdfWriter()
    writer.add_blank_page(width=72, height=72)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


PDF = pdf_bytes()


def image_bytes(format="PNG", size=(8, 8)):
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, format=format)
    return out.getvalue()


def jpeg_with_gps(artist="", size=(40, 30)):
    """A photo whose EXIF holds a position (and an artist's name when given)."""
    from PIL import ExifTags

    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Canon"
    if artist:
        exif[ExifTags.Base.Artist] = artist
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps.update({1: "N", 2: (3.0, 35.0, 30.0), 3: "E", 4: (98.0, 40.0, 0.0)})
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, "JPEG", exif=exif)
    return buffer.getvalue()


def pdf_by(author):
    """A PDF that names its author everywhere a PDF can: the document information (Author,
    Creator, Producer, Title, Subject, Keywords), an XMP stream in the catalogue and one on the
    page, the page's /PieceInfo, a comment's author, an embedded file, a photo inside it with
    the artist and a GPS position in its EXIF, and an earlier revision (an incremental update)
    whose information says it too. Nothing is compressed, so the name is in the raw bytes."""
    from pypdf.annotations import Text
    from pypdf.generic import (
        ArrayObject,
        DecodedStreamObject,
        DictionaryObject,
        NameObject,
        NumberObject,
        TextStringObject,
    )

    writer = PdfWriter()
    page = writer.add_blank_page(width=200, height=200)
    writer.add_metadata(
        {
            "/Author": author,
            "/Creator": f"Microsoft Word - laporan {author}",
            "/Producer": f"PDF printer of {author}",
            "/Title": f"Laporan {author}",
            "/Subject": f"Keluhan oleh {author}",
            "/Keywords": f"{author}, pengaduan",
        }
    )

    def xmp():
        stream = DecodedStreamObject()
        stream.set_data(
            (
                '<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>'
                '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
                'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
                '<rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/">'
                f"<dc:creator><rdf:Seq><rdf:li>{author}</rdf:li></rdf:Seq></dc:creator>"
                '</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>'
            ).encode()
        )
        stream[NameObject("/Type")] = NameObject("/Metadata")
        stream[NameObject("/Subtype")] = NameObject("/XML")
        return writer._add_object(stream)

    writer.root_object[NameObject("/Metadata")] = xmp()
    page[NameObject("/Metadata")] = xmp()
    page[NameObject("/PieceInfo")] = DictionaryObject(
        {
            NameObject("/Illustrator"): DictionaryObject(
                {NameObject("/Private"): TextStringObject(author)}
            )
        }
    )
    # A photo on the page, its EXIF intact (as a scanning app embeds it).
    photo = jpeg_with_gps(artist=author)
    image = DecodedStreamObject()
    image.set_data(photo)
    image.update(
        {
            NameObject("/Type"): NameObject("/XObject"),
            NameObject("/Subtype"): NameObject("/Image"),
            NameObject("/Width"): NumberObject(40),
            NameObject("/Height"): NumberObject(30),
            NameObject("/ColorSpace"): NameObject("/DeviceRGB"),
            NameObject("/BitsPerComponent"): NumberObject(8),
            NameObject("/Filter"): NameObject("/DCTDecode"),
        }
    )
    page[NameObject("/Resources")] = DictionaryObject(
        {NameObject("/XObject"): DictionaryObject({NameObject("/Im0"): writer._add_object(image)})}
    )
    content = DecodedStreamObject()
    content.set_data(b"q 40 0 0 30 10 10 cm /Im0 Do Q")
    page[NameObject("/Contents")] = writer._add_object(content)
    comment = Text(rect=(20, 150, 40, 170), text="Lihat foto ini")
    comment[NameObject("/T")] = TextStringObject(author)
    writer.add_annotation(page_number=0, annotation=comment)
    writer.add_attachment(f"catatan {author}.txt", f"Ditulis oleh {author}".encode())
    assert isinstance(page["/Annots"], ArrayObject | object)
    first = io.BytesIO()
    writer.write(first)
    # An incremental update: the earlier revision stays in the file, under the new one.
    update = PdfWriter(io.BytesIO(first.getvalue()), incremental=True)
    update.add_metadata({"/Title": f"Laporan {author} (revisi)"})
    out = io.BytesIO()
    update.write(out)
    return out.getvalue()
