"""The API's request bodies: JSON, parsed by REST framework's parser, with one refusal added.

A JSON text nested deeper than Python's recursion limit (`[[[[…` in some 100 kB, well under the upload limit) made
the standard library's decoder raise `RecursionError`, which is no `ValueError`: REST framework let it through as a
server error. It is refused here as the other unreadable bodies are: a 400 problem, and nothing written.
"""

from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser


class JsonParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError("JSON parse error - nested too deeply") from None
