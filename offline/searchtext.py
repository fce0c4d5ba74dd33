"""The words a pack's offline search matches: folded exactly as the server's search folds them
(search.text: NFC, lower case, tone and vowel marks removed, đ → d, English plurals reduced), so
that offline/static/offline/packs.js, which folds the query the same way, finds what the server
would."""

from search.text import fold, stem, words


def index_words(*texts):
    """The distinct folded words of ``texts``, in order of first appearance, space-separated."""
    seen = {}
    for text in texts:
        for word in words(text):
            seen.setdefault(stem(fold(word)), None)
    return " ".join(seen)
