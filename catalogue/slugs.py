"""ASCII slugs from Vietnamese titles; pure apart from the sibling check.

Django's slugify drops "đ" (it is a letter of its own, not d with a mark) and Wagtail's default keeps
Unicode slugs, which make URLs a visitor cannot type on a phone: "Đài thờ Trà Kiệu" → "dai-tho-tra-kieu".
"""

import unicodedata

from django.utils.text import slugify

MAX_SLUG_LENGTH = 80


def ascii_slug(text, max_length=MAX_SLUG_LENGTH):
    """Lower-case ASCII slug: tones and vowel marks removed, đ → d; other scripts transliterated."""
    from anyascii import anyascii

    text = unicodedata.normalize("NFC", str(text or "")).replace("đ", "d").replace("Đ", "D")
    bare = "".join(ch for ch in unicodedata.normalize("NFD", text) if not unicodedata.combining(ch))
    slug = slugify(anyascii(bare))[:max_length].strip("-")
    return slug


def unique_slug(parent, base, exclude_pk=None, taken=()):
    """``base``, or ``base-2``, ``base-3``… : the first not used by another child of ``parent``."""
    base = base or "ban-ghi"
    siblings = parent.get_children().filter(slug__startswith=base)
    if exclude_pk:
        siblings = siblings.exclude(pk=exclude_pk)
    used = set(siblings.values_list("slug", flat=True)) | set(taken)
    candidate, number = base, 1
    while candidate in used:
        number += 1
        candidate = f"{base}-{number}"
    return candidate
