"""ZIP downloads streamed as they are written (one member in memory at a time, however many
there are), with member names made safe from the people or things they are named after."""

import re
import unicodedata
import zipfile

from django.http import StreamingHttpResponse

# Path separators, characters Windows refuses in names, and control characters.
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]+')
_WINDOWS_RESERVED = re.compile(r"^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$", re.IGNORECASE)


def safe_filename(name, *, fallback="berkas", max_length=120):
    """`name` as a file name any system unpacks where it is told: letters of every script
    kept (composed, NFC), no path separators or parent folders, nothing Windows refuses."""
    name = unicodedata.normalize("NFC", str(name or ""))
    name = _UNSAFE.sub(" ", name)
    name = " ".join(name.split()).strip(" .")  # no ".." or hidden files, no trailing dots
    name = name[:max_length].rstrip(" .")
    if not name or _WINDOWS_RESERVED.match(name):
        name = f"{fallback} {name}".strip()
    return name


class _Sink:
    """A write-only file for zipfile: it keeps what was written until taken."""

    def __init__(self):
        self.chunks, self.position = [], 0

    def write(self, data):
        self.chunks.append(bytes(data))
        self.position += len(data)
        return len(data)

    def tell(self):
        return self.position

    def flush(self):
        pass

    def take(self):
        data = b"".join(self.chunks)
        self.chunks.clear()
        return data


def zip_chunks(members):
    """The bytes of a ZIP of `members` ((name, read) with read() giving the content), piece
    by piece. PDFs and pictures are compressed already: members are stored as they are."""
    sink = _Sink()
    with zipfile.ZipFile(sink, "w", compression=zipfile.ZIP_STORED) as archive:
        for name, read in members:
            archive.writestr(name, read())
            yield sink.take()
    yield sink.take()


def zip_response(members, *, filename):
    response = StreamingHttpResponse(zip_chunks(members), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response
