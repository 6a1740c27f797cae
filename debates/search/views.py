"""The search page: debates and published comments that match a reader's words."""

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.shortcuts import render

from ..models import Comment, Debate
from ..models.translation import translations_to_fetch
from . import matching as text_search

COMMENTS_PER_PAGE = 20
DEBATES_SHOWN = 5


def search(request):
    raw = request.GET.get("q", "")
    context = {
        "text": raw[: text_search.MAX_LENGTH],
        "max_length": text_search.MAX_LENGTH,
    }
    if "q" in request.GET:
        try:
            query = text_search.Query.parse(raw)
        except text_search.QueryProblem as problem:
            context["problem"] = str(problem)
        else:
            context.update(_results(query, request.GET.get("page")))
    return render(request, "debates/search.html", context)


def _results(query, page_number):
    """One page of matching comments; the best matching debates lead the first."""
    found = (
        Comment.objects.search(query)
        .select_related("author", "debate")
        .prefetch_related(*translations_to_fetch(through="debate__"))
    )
    page = Paginator(found, COMMENTS_PER_PAGE).get_page(page_number)
    debates = Debate.objects.search(query)
    return {
        "query": query,
        "page": page,
        "page_query": urlencode({"q": query.text}) + "&",
        "page_numbers": page.paginator.get_elided_page_range(page.number),
        "comment_hits": text_search.comment_hits(page.object_list, query),
        "debate_count": debates.count(),
        "debate_hits": (
            text_search.debate_hits(debates[:DEBATES_SHOWN], query)
            if page.number == 1
            else []
        ),
    }
