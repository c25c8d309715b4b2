"""The respondent's side of a self-report link: no account, their language, one question per page."""

from __future__ import annotations

import secrets

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.views.decorators.cache import never_cache

from puente.accounts.access import public
from puente.instruments import presentation, selectors
from puente.instruments.models import SelfReportLink
from puente.instruments.services import links

CLOSED_STATUS = {"unknown": 404, "expired": 410, "revoked": 410, "used": 410}


def _private(response: HttpResponse) -> HttpResponse:
    # The token is in the URL: never send it to another site as a referrer ("no-referrer" would make
    # browsers send "Origin: null" with the form, which the CSRF check rightly refuses).
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex"
    return response


def _closed(request: HttpRequest, error: links.LinkUnavailable, language: str | None = None) -> HttpResponse:
    if language:
        translation.activate(language)
        request.LANGUAGE_CODE = language
    response = render(
        request,
        "instruments/respond_closed.html",
        {"message": error.messages[0], "state": error.code},
        status=CLOSED_STATUS.get(error.code or "", 410),
    )
    return _private(response)


def _language_of(token: str) -> str | None:
    link = links.find_link(token)
    return link.language if link else None


def _position(request: HttpRequest, total: int, link: SelfReportLink) -> int:
    """0-based question shown: the one asked for, else the first unanswered."""
    raw = request.POST.get("q") if request.method == "POST" else request.GET.get("q")
    try:
        asked = int(raw) - 1 if raw else None
    except ValueError:
        asked = None
    if asked is not None:
        return min(max(asked, 0), total - 1)
    answered = link.administration.answers
    for index, item in enumerate(link.administration.revision.definition["items"]):
        if item["id"] not in answered:
            return index
    return total - 1


@public
@never_cache
def selfreport_respond(request: HttpRequest, token: str) -> HttpResponse:
    try:
        link = links.open_link(token)
    except links.LinkUnavailable as error:
        if request.method == "POST" and error.code == "used":
            return _retried_finish(request, token, error)
        return _closed(request, error, _language_of(token))
    translation.activate(link.language)
    request.LANGUAGE_CODE = link.language
    definition = link.administration.revision.definition
    administration = link.administration
    wording = selectors.wording_for(administration.site_id, administration.instrument_id, link.language)
    questions = presentation.questions(definition, link.language, wording)
    index = _position(request, len(questions), link)
    question = questions[index]
    error_message = None
    if request.method == "POST":
        value = request.POST.get(f"answer-{question.item_id}") or None
        action = request.POST.get("action", "next")
        finishing = action == "finish"
        try:
            links.do_answer_by_link(
                token=token,
                answers={question.item_id: value},
                complete=finishing,
                completion_key=request.POST.get("key", ""),
            )
        except links.LinkUnavailable as error:
            return _closed(request, error, link.language)
        except ValidationError as error:
            error_message = " ".join(error.messages)
        else:
            if finishing:
                return _private(render(request, "instruments/respond_done.html", {}))
            step = -1 if action == "back" else 1
            target = min(max(index + step, 0), len(questions) - 1)
            url = reverse("selfreport_respond", kwargs={"token": token})
            response = HttpResponse(status=303)
            response["Location"] = f"{url}?q={target + 1}"
            return _private(response)
    link.administration.refresh_from_db(fields=["answers"])
    current = link.administration.answers.get(question.item_id)
    response = render(
        request,
        "instruments/respond.html",
        {
            "name": presentation.instrument_name(definition, link.language),
            "question": question,
            "position": index + 1,
            "total": len(questions),
            "is_last": index == len(questions) - 1,
            "current": "" if current is None else str(current),
            "error": error_message,
            "key": secrets.token_hex(16),
            "expires_at": link.expires_at,
        },
        status=400 if error_message else 200,
    )
    return _private(response)


def _retried_finish(request: HttpRequest, token: str, error: links.LinkUnavailable) -> HttpResponse:
    """A finish submitted twice (a double tap, a retry after a lost answer) gets the thank-you page again."""
    key = request.POST.get("key", "")
    if request.POST.get("action") == "finish" and key:
        try:
            link = links.do_answer_by_link(token=token, answers={}, complete=True, completion_key=key)
        except links.LinkUnavailable:
            pass
        else:
            translation.activate(link.language)
            request.LANGUAGE_CODE = link.language
            return _private(render(request, "instruments/respond_done.html", {}))
    return _closed(request, error, _language_of(token))
