"""Reading room pages: the list of documents with search across them, and the reader of one."""

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language, override
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from iiif import presentation, text_match
from iiif.image_api import bounds
from iiif.presentation.search import hit_box

from . import documents, pdf, renderings
from .citation import citation
from .rights import may_download

PAGE_CACHE = "public, max-age=300"


def _alternates(name, *args):
    alternates = {}
    for code, _name in settings.LANGUAGES:
        with override(code):
            alternates[code] = reverse(name, args=args)
    return alternates


def _query(request):
    return text_match.normalise_query(request.GET.get("q", ""))


@require_safe
def index(request):
    """All documents; with ``?q=``, those whose texts match, each hit in its words."""
    language = get_language()
    docs = documents.all_documents(language)
    query = _query(request)
    results = documents.search(docs, query) if query else None
    context = {
        "documents": docs,
        "query": query,
        "results": results,
        "hit_count": sum(len(doc.hits) for doc in results or []),
        "language_alternates": _alternates("library:index"),
    }
    return render(request, "library/index.html", context)


def _document_or_404(identifier):
    doc = documents.document(identifier, get_language())
    if doc is None or not doc.pages:
        raise Http404(_("No published document has this identifier."))
    return doc


def _page_citation(doc, page):
    record = doc.record
    url = settings.PUBLIC_BASE_URL + reverse("library:page", args=[doc.identifier, page.number])
    accessed = date_format(timezone.localdate(), "DATE_FORMAT")
    return citation(
        title=record.title,
        issued_by=record.issued_by,
        dating=record.dating,
        institution=record.holding_institution.label if record.holding_institution else "",
        page_label=page.label,
        page_number=_("p. %(number)s") % {"number": page.number},
        identifier=doc.identifier,
        url=url,
        archive=_("Quảng Nam Heritage"),
        accessed=_("accessed %(date)s") % {"date": accessed},
    )


@require_safe
def reader(request, identifier, number=None):
    """One page of a document: its image beside its texts; ``?q=`` searches the whole document."""
    doc = _document_or_404(identifier)
    if identifier != doc.identifier:
        return redirect("library:page", doc.identifier, number or 1)
    if number is None:
        number = 1
    if not 1 <= number <= len(doc.pages):
        raise Http404(_("This document has no page %(number)s.") % {"number": number})
    query = _query(request)
    if query:
        documents.search([doc], query)
    page = doc.pages[number - 1]
    texts = page.texts()
    boxes = [hit_box(page.row, hit.field, texts[hit.field], hit) for hit in page.hits]
    context = {
        "doc": doc,
        "record": doc.record,
        "page": page,
        "query": query,
        "hit_pages": [p for p in doc.pages if p.hits],
        # Where the page's text regions place the hits on the image (its pixels), each once.
        "hit_boxes": list(dict.fromkeys(box for box in boxes if box)),
        "segments": {
            kind: text_match.marked(text, page.hits_in(kind)) for kind, text in page.texts().items()
        },
        "previous": doc.pages[number - 2] if number > 1 else None,
        "next": doc.pages[number] if number < len(doc.pages) else None,
        "citation": _page_citation(doc, page),
        "permalink": settings.PUBLIC_BASE_URL + reverse("library:page", args=[doc.identifier, number]),
        "may_download": may_download(doc.record, page.image),
        "may_download_pdf": _may_download_document(doc),
        "manifest_url": presentation.manifest_id(doc.identifier, settings.PUBLIC_BASE_URL),
        "language_alternates": _alternates("library:page", doc.identifier, number),
        "eager": True,
    }
    return render(request, "library/reader.html", context)


def _refused(message, status=403):
    return HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")


def _busy():
    response = _refused(_("The image server is busy; try again in a few seconds."), status=503)
    response["Retry-After"] = "5"
    return response


def _may_download_document(doc):
    return may_download(doc.record) and all(may_download(doc.record, p.image) for p in doc.pages)


def _attachment(render, not_ready, content_type, filename):
    """The file ``render()`` makes, as a download; refusals when its images are not ready or the
    image server is busy."""
    try:
        body = render()
    except renderings.NotReady:
        return _refused(not_ready, status=404)
    except bounds.Busy:
        return _busy()
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = PAGE_CACHE
    return response


@require_safe
def page_image(request, identifier, number):
    """The page image as a JPEG file (the largest size the image server gives), where rights allow."""
    doc = _document_or_404(identifier)
    if not 1 <= number <= len(doc.pages):
        raise Http404(_("This document has no page %(number)s.") % {"number": number})
    page = doc.pages[number - 1]
    if not may_download(doc.record, page.image):
        return _refused(_("The rights of this document do not allow downloading it. Read it on screen."))
    return _attachment(
        lambda: renderings.page_jpeg(page.image),
        _("This page's image is still being prepared; try again later."),
        "image/jpeg",
        f"{doc.identifier}-{number}.jpg",
    )


@require_safe
def document_pdf(request, identifier):
    """The whole document as a PDF (each page's image, then its texts), where rights allow."""
    doc = _document_or_404(identifier)
    if not _may_download_document(doc):
        return _refused(_("The rights of this document do not allow downloading it. Read it on screen."))
    return _attachment(
        lambda: pdf.document_pdf(doc, citation=_page_citation(doc, doc.pages[0])),
        _("This document's images are still being prepared; try again later."),
        "application/pdf",
        f"{doc.identifier}.pdf",
    )
