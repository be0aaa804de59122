"""`{{ data|json_ld }}`: a JSON-LD data block, escaped like Django's `json_script`."""

import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

# As json_script: text such as "</script>" or "<!--" in a statement cannot end or bend the block.
ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.filter
def json_ld(value) -> SafeString:
    """A `<script type="application/ld+json">` block: data, never run, so the CSP need not allow it."""
    data = json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False).translate(ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(data))
