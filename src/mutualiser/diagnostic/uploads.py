"""An upload handler that stops reading a file as soon as it passes the import's size limit.

Django's own handlers store the whole body (in memory, then in a temporary file) before the
view can look at its size. This one runs first: it marks the request `upload_too_large` and
stops the parser, so a large file is never held, and the view answers with its message.
A body declared larger than DRAIN_FACTOR times the limit is not even read: the connection is
closed after the answer (`StopUpload(connection_reset=True)`).
"""

from __future__ import annotations

from django.core.files.uploadhandler import FileUploadHandler, StopUpload

from .importexport import MAX_BYTES

# Room for the form's other fields and the multipart boundaries around the file.
FORM_OVERHEAD = 64 * 1024
DRAIN_FACTOR = 4


class LimitedUploadHandler(FileUploadHandler):
    limit = MAX_BYTES

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None) -> None:
        self.declared = content_length or 0
        return None  # the parser goes on; new_file and receive_data_chunk watch the size

    def _refuse(self) -> None:
        if self.request is not None:
            self.request.upload_too_large = True
        # A little over the limit: read the rest and drop it, so that the browser shows the
        # answer; far over: stop reading now.
        raise StopUpload(connection_reset=self.declared > DRAIN_FACTOR * self.limit)

    def new_file(self, *args, **kwargs) -> None:
        super().new_file(*args, **kwargs)
        if self.declared > self.limit + FORM_OVERHEAD:
            self._refuse()

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        if start + len(raw_data) > self.limit:
            self._refuse()
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None  # the next handlers store the file
