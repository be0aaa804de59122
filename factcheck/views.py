"""Pages. Views are thin: read the request, call a selector or service, render."""

from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from factcheck import selectors
from factcheck.models import Document, Source, Statement


@require_GET
def pair_list(request):
    pairs = selectors.pairs_for_list()[:50]
    return render(request, "factcheck/pair_list.html", {"pairs": pairs})


@require_GET
def pair_detail(request, pk):
    pair = get_object_or_404(selectors.pairs_for_list(), pk=pk)
    return render(request, "factcheck/pair_detail.html", {"pair": pair})


@require_GET
def statement_detail(request, pk):
    statement = get_object_or_404(Statement.objects.select_related("source", "document"), pk=pk)
    return render(request, "factcheck/statement_detail.html", {"statement": statement})


@require_GET
def source_detail(request, pk):
    source = get_object_or_404(Source, pk=pk)
    return render(request, "factcheck/source_detail.html", {"source": source})


@require_GET
def document_detail(request, pk):
    document = get_object_or_404(Document, pk=pk)
    return render(request, "factcheck/document_detail.html", {"document": document})
