"""Synthetic narration: espeak-ng speaks a text, opusenc makes it a small Ogg Opus file.

Opus at 24 kbit/s keeps a two-minute narration near 350 KB — affordable on a roaming phone.
Everything produced here is labelled as synthetic speech where it is shown.
"""

import shutil
import subprocess
import tempfile
from pathlib import Path

VOICES = {"vi": "vi", "en": "en-us", "fr": "fr-fr", "ko": "ko", "zh-hans": "cmn", "ja": "ja"}


class SpeechUnavailable(RuntimeError):
    pass


def available():
    return bool(shutil.which("espeak-ng") and shutil.which("opusenc"))


def synthesise(text, language, speed=150):
    """Ogg Opus bytes of ``text`` read in ``language``."""
    if not available():
        raise SpeechUnavailable(
            "espeak-ng and opusenc (Debian: espeak-ng, opus-tools) are needed for narration"
        )
    voice = VOICES.get(language)
    if voice is None:
        raise SpeechUnavailable(f"no espeak-ng voice for {language!r}")
    with tempfile.TemporaryDirectory() as work:
        wav, ogg = Path(work) / "speech.wav", Path(work) / "speech.ogg"
        subprocess.run(
            ["espeak-ng", "-v", voice, "-s", str(speed), "-w", str(wav), "--stdin"],
            input=text.encode("utf-8"),
            check=True,
            capture_output=True,
            timeout=120,
        )
        subprocess.run(
            ["opusenc", "--quiet", "--bitrate", "24", "--speech", str(wav), str(ogg)],
            check=True,
            capture_output=True,
            timeout=120,
        )
        return ogg.read_bytes()
