from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from agencies.enums import MemberRole
from agencies.rules import is_secretariat
from core.exports import EXPORT_FORMATS, export_response
from core.forms import add_service_errors
from core.http import choice_param, int_param
from core.lists import render_list
from core.once import created, creates
from core.pagecache import cached_page
from core.storage import private_download

from . import monev, rules, sections, selectors, services
from .enums import AGREEMENT_TRANSITIONS, MOVE_ACTIONS, AgreementStatus, move_action
from .exports import public_list_dataset
from .forms import (
    MOVE_FORMS,
    AgreementForm,
    CommentForm,
    ContributionForm,
    DocumentForm,
    MilestoneDoneForm,
    MilestoneForm,
    MonevForm,
    MonevReviewForm,
    MoveForm,
    PartyFormSet,
    PublicFilterForm,
    StaffFilterForm,
    TerminationForm,
)
from .models import PARTY_FIELDS, Contribution, Document, DocumentVersion, Milestone, MonevReport


def _filters(form):
    data = form.cleaned_data if form.is_valid() else {}
    return {
        "query": data.get("q") or "",
        "status": data.get("status") or "",
        "kind": data.get("kind") or "",
        "sector": data.get("sector"),
        "regency": data.get("regency"),
        "party": data.get("party"),
        "expiring_within": data.get("expiring_within"),
        "late_milestones": data.get("late_milestones") or False,
        "milestones_due": data.get("milestones_due") or False,
        "monev_due": data.get("monev_due") or False,
        "monev_overdue": data.get("monev_overdue") or False,
        "monev_review": data.get("monev_review") or False,
        "returned": data.get("returned") or False,
    }


def _list(request, form, queryset, template, results_template, extra=None):
    return render_list(
        request,
        form=form,
        queryset=queryset,
        template=template,
        results_template=results_template,
        extra=extra,
    )


# --- Public transparency --------------------------------------------------------------------------


@cached_page
def public_list(request):
    form = PublicFilterForm(request.GET or None)
    queryset = selectors.agreement_public_list(**_filters(form))
    return _list(
        request,
        form,
        queryset,
        "partnerships/public_list.html",
        "partnerships/_public_results.html",
        extra={"can_manage": rules.can_see_staff_list(request.user)},
    )


@cached_page
def public_detail(request, reference):
    agreement = selectors.agreement_public(reference=reference)
    if agreement is None:
        raise Http404
    return render(
        request,
        "partnerships/public_detail.html",
        {
            "agreement": agreement,
            "progress": selectors.agreement_public_progress(agreement),
            "sections": sections.public.sections_for(request, agreement),
        },
    )


def public_export(request, fmt):
    if fmt not in EXPORT_FORMATS:
        raise Http404
    form = PublicFilterForm(request.GET or None)
    dataset = public_list_dataset(selectors.agreement_public_list(**_filters(form)))
    stamp = timezone.localdate().isoformat()
    return export_response(dataset, fmt=fmt, filename=f"kerja-sama-{stamp}")


# --- Staff pages ----------------------------------------------------------------------------------


@cached_page
@login_required
def manage_list(request):
    form = StaffFilterForm(request.GET or None)
    queryset = selectors.agreement_list_for_user(
        user=request.user,
        ordering=choice_param(request.GET, "urut", selectors.STAFF_ORDERINGS, "ends"),
        **_filters(form),
    )
    return _list(
        request,
        form,
        queryset,
        "partnerships/manage_list.html",
        "partnerships/_manage_results.html",
        extra={"can_create": rules.can_create_agreement(request.user)},
    )


def _agreement_or_404(request, reference):
    agreement = selectors.agreement_for_user(user=request.user, reference=reference)
    if agreement is None:
        raise Http404
    return agreement


@cached_page
@login_required
def detail(request, reference):
    agreement = _agreement_or_404(request, reference)
    return render(request, "partnerships/detail.html", _detail_context(request, agreement))


def _moves(user, agreement):
    moves = [
        {"status": AgreementStatus(to), "label": label, "style": style}
        for to, who in AGREEMENT_TRANSITIONS[AgreementStatus(agreement.status)].items()
        if rules.can_move(user, agreement, to, who)
        for label, style in [move_action(agreement.status, to)]
    ]
    moves.sort(key=lambda move: ["primary", "secondary", "danger"].index(move["style"]))
    return moves


def _detail_context(request, agreement, comment_form=None):
    user = request.user
    moves = _moves(user, agreement)
    can_upload = rules.can_upload_documents(user, agreement)
    contributions = list(agreement.contributions.all())
    parent = agreement.parent
    return {
        "agreement": agreement,
        # The parent is named only to those who may see it (a PKS party need not be a KB party).
        "parent": parent
        if parent and (rules.can_view_agreement(user, parent) or rules.is_publicly_visible(parent))
        else None,
        "moves": moves,
        "can_edit": rules.can_edit_agreement(user, agreement),
        "can_delete": rules.can_delete_draft(user, agreement),
        "can_upload": can_upload,
        "is_public": rules.is_publicly_visible(agreement),
        "is_secretariat": is_secretariat(user),
        "can_request_termination": rules.can_request_termination(user, agreement),
        "can_renew": rules.can_renew(user, agreement),
        "can_report": rules.can_report(user, agreement),
        "milestone_form": MilestoneForm(agreement=agreement) if can_upload else None,
        "contribution_form": ContributionForm(agreement=agreement) if can_upload else None,
        "contributions": contributions,
        "planned_total": sum(c.planned for c in contributions),
        "realised_total": sum(c.realised for c in contributions),
        "periods": monev.schedule(agreement, agreement.monev_reports.all()),
        "comments": selectors.agreement_comments(agreement),
        # PKS under a KB, adendums, the renewal: only those this person may open.
        "children": selectors.agreement_children_for_user(user=user, agreement=agreement),
        "comment_form": comment_form or CommentForm(),
        "sections": sections.staff.sections_for(request, agreement),
    }


def _party_formset(request, initial=None):
    """The parties' formset; the "add a party" button re-renders it with one more row, which
    works without JavaScript."""
    if request.method != "POST":
        return PartyFormSet(initial=initial, prefix="parties"), False
    data = request.POST.copy()
    adding = "add_party" in data
    if adding and (rows := int_param(data, "parties-TOTAL_FORMS")) is not None:
        data["parties-TOTAL_FORMS"] = str(rows + 1)  # a forged count the formset refuses
    return PartyFormSet(data, prefix="parties"), adding


@login_required
@require_http_methods(["GET", "POST"])
@creates
def create(request):
    if not rules.can_create_agreement(request.user):
        raise PermissionDenied
    form = AgreementForm(request.POST or None, user=request.user)
    parties, adding = _party_formset(request)
    if request.method == "POST" and not adding and form.is_valid() and parties.is_valid():
        data = dict(form.cleaned_data)
        try:
            agreement = services.agreement_create(
                by=request.user,
                parties=parties.parties(),
                sectors=data.pop("sectors"),
                locations=data.pop("locations"),
                **data,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            created(request, agreement)
            messages.success(
                request,
                _(
                    "Draft %(reference)s is saved. Upload the terms of "
                    "reference (KAK), then submit it."
                )
                % {"reference": agreement.reference},
            )
            return redirect(agreement)
    return render(
        request,
        "partnerships/agreement_form.html",
        {
            "form": form,
            "parties": parties,
            "party_errors": _with_errors(parties),
            "agreement": None,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def edit(request, reference):
    agreement = _agreement_or_404(request, reference)
    if not rules.can_edit_agreement(request.user, agreement):
        raise PermissionDenied
    form = AgreementForm(request.POST or None, instance=agreement, user=request.user)
    initial = [
        {field: getattr(party, field) for field in PARTY_FIELDS}
        for party in agreement.parties.all()
    ]
    parties, adding = _party_formset(request, initial=initial)
    if request.method == "POST" and not adding and form.is_valid() and parties.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.agreement_update(
                agreement=agreement,
                by=request.user,
                parties=parties.parties(),
                sectors=data.pop("sectors"),
                locations=data.pop("locations"),
                **data,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The draft is saved."))
            return redirect(agreement)
    return render(
        request,
        "partnerships/agreement_form.html",
        {
            "form": form,
            "parties": parties,
            "party_errors": _with_errors(parties),
            "agreement": agreement,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def delete_draft(request, reference):
    agreement = _agreement_or_404(request, reference)
    if not rules.can_delete_draft(request.user, agreement):
        raise PermissionDenied
    if request.method == "POST":
        try:
            services.agreement_delete_draft(agreement=agreement, by=request.user)
        except ValidationError as error:
            messages.error(request, error.messages[0])
            return redirect(agreement)
        messages.success(
            request, _("Draft %(reference)s is deleted.") % {"reference": agreement.reference}
        )
        return redirect("partnerships:manage")
    counts = {
        "parties": agreement.parties.count(),
        "documents": agreement.documents.count(),
        "milestones": agreement.milestones.count(),
        "contributions": agreement.contributions.count(),
        "comments": agreement.comments.count(),
    }
    return render(request, "partnerships/delete_draft.html", {"agreement": agreement, **counts})


@login_required
@require_http_methods(["GET", "POST"])
def move(request, reference, to_status):
    agreement = _agreement_or_404(request, reference)
    try:
        target = AgreementStatus(to_status)
    except ValueError as exc:
        raise Http404 from exc
    who = AGREEMENT_TRANSITIONS[AgreementStatus(agreement.status)].get(target)
    action = MOVE_ACTIONS.get((AgreementStatus(agreement.status), target), (target.label,))[0]
    allowed = who is not None and rules.can_move(request.user, agreement, target, who)
    if not allowed and request.method == "GET":
        # A POST goes on to the service, which says why the move is refused.
        raise PermissionDenied
    form_class = MOVE_FORMS.get(target, MoveForm)
    # Bound on every POST, even an empty one (a move may need no fields at all).
    form = form_class(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        agreement=agreement,
    )
    if request.method == "POST" and not allowed:
        # Say why the move is refused before asking for any of its fields.
        try:
            services.agreement_move(agreement=agreement, to_status=target, by=request.user)
        except (PermissionDenied, ValidationError) as error:
            denied = isinstance(error, PermissionDenied)
            return render(
                request,
                "partnerships/move.html",
                {
                    "agreement": agreement,
                    "form": form_class(agreement=agreement),
                    "target": target,
                    "action": action,
                    "refusal": str(error) if denied else error.messages[0],
                },
                status=403 if denied else 200,
            )
    if request.method == "POST" and form.is_valid():
        details = dict(form.cleaned_data)
        note = details.pop("note", "")
        try:
            agreement = services.agreement_move(
                agreement=agreement, to_status=target, by=request.user, note=note, **details
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("%(reference)s is now: %(status)s.")
                % {"reference": agreement.reference, "status": agreement.effective_status.label},
            )
            return redirect(agreement)
    return render(
        request,
        "partnerships/move.html",
        {"agreement": agreement, "form": form, "target": target, "action": action},
    )


@login_required
@require_http_methods(["GET", "POST"])
@creates
def document_upload(request, reference):
    agreement = _agreement_or_404(request, reference)
    if not rules.can_upload_documents(request.user, agreement):
        raise PermissionDenied
    document = None
    if request.GET.get("dokumen"):
        document = get_object_or_404(
            Document, pk=int_param(request.GET, "dokumen"), agreement=agreement
        )
    initial = None
    if document is not None:
        initial = {"kind": document.kind, "title": document.title, "public": document.public}
    form = DocumentForm(request.POST or None, request.FILES or None, initial=initial)
    if document is not None:  # a new version keeps the document's kind, title and visibility
        for name in ("kind", "title", "public"):
            form.fields[name].disabled = True
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            version = services.document_upload(
                agreement=agreement,
                by=request.user,
                kind=data["kind"],
                title=data["title"],
                file=data["file"],
                public=data["public"],
                document=document,
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            created(request, agreement)
            messages.success(
                request, _("“%(title)s” is uploaded.") % {"title": version.document.title}
            )
            return redirect(agreement)
    return render(
        request,
        "partnerships/document_form.html",
        {"agreement": agreement, "form": form, "document": document},
    )


def document_download(request, reference, token):
    """Every document goes through here: parties and the secretariat get all of them, the public
    only the public documents of public agreements. Anything else is a 404."""
    version = (
        DocumentVersion.objects.select_related("document__agreement")
        .filter(token=token, document__agreement__reference=reference)
        .first()
    )
    if version is None:
        raise Http404
    agreement = version.document.agreement
    allowed = rules.can_view_agreement(request.user, agreement) or (
        version.document.public and rules.is_publicly_visible(agreement)
    )
    if not allowed:
        raise Http404
    return private_download(
        version.file, content_type=version.content_type, filename=version.original_name
    )


# --- Implementation -------------------------------------------------------------------------------


def _section_or_redirect(request, reference, anchor, section_template, **override):
    """After an in-place change: htmx gets the refreshed section, a plain POST the page."""
    if request.htmx:
        agreement = _agreement_or_404(request, reference)
        context = {**_detail_context(request, agreement), **override}
        return render(request, section_template, context)
    return redirect(f"{reverse('partnerships:detail', args=[reference])}#{anchor}")


def _with_errors(formset):
    """The rows of a sent formset that have errors, for the summary at the top of the form."""
    return [row for row in formset if row.is_bound and row.errors]


def _agreement_form_page(
    request, agreement, form, title, template="partnerships/step_form.html", multipart=False
):
    return render(
        request,
        template,
        {"agreement": agreement, "form": form, "title": title, "multipart": multipart},
    )


def _add_in_place(request, reference, *, form_class, service, section, form_key, done, title):
    """A row added to a section of the agreement page (milestones, financing): htmx swaps the
    section in place, errors included; without JavaScript it is a plain form and redirect."""
    agreement = _agreement_or_404(request, reference)
    if not rules.can_upload_documents(request.user, agreement):
        raise PermissionDenied
    form = form_class(request.POST or None, agreement=agreement)
    template = f"partnerships/_{section}.html"
    if request.method == "POST" and form.is_valid():
        try:
            service(agreement=agreement, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            created(request, f"{agreement.get_absolute_url()}#{section}")
            messages.success(request, done)
            return _section_or_redirect(request, reference, section, template)
    if request.htmx and request.method == "POST":  # errors shown in place, input kept
        return _section_or_redirect(request, reference, section, template, **{form_key: form})
    return _agreement_form_page(request, agreement, form, title)


@login_required
@require_http_methods(["GET", "POST"])
@creates
def milestone_add(request, reference):
    return _add_in_place(
        request,
        reference,
        form_class=MilestoneForm,
        service=services.milestone_create,
        section="milestones",
        form_key="milestone_form",
        done=_("The milestone is planned."),
        title=_("Plan a milestone"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def milestone_done(request, reference, pk):
    agreement = _agreement_or_404(request, reference)
    if not rules.can_upload_documents(request.user, agreement):
        raise PermissionDenied
    milestone = get_object_or_404(Milestone, pk=pk, agreement=agreement)
    form = MilestoneDoneForm(
        request.POST or None, request.FILES or None, initial={"completed_on": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.milestone_complete(
                milestone=milestone,
                by=request.user,
                completed_on=form.cleaned_data["completed_on"],
                evidence=form.cleaned_data["evidence"],
            )
        except ValidationError as error:
            form.add_error("evidence", error)
        else:
            messages.success(request, _("“%(title)s” is done.") % {"title": milestone.title})
            return redirect(f"{agreement.get_absolute_url()}#milestones")
    return _agreement_form_page(
        request,
        agreement,
        form,
        _("Milestone done: %(title)s") % {"title": milestone.title},
        multipart=True,
    )


@login_required
@require_http_methods(["GET", "POST"])
@creates
def contribution_add(request, reference):
    return _add_in_place(
        request,
        reference,
        form_class=ContributionForm,
        service=services.contribution_add,
        section="financing",
        form_key="contribution_form",
        done=_("The financing is recorded."),
        title=_("Record financing"),
    )


@login_required
@require_http_methods(["GET", "POST"])
@creates
def monev_submit(request, reference):
    agreement = _agreement_or_404(request, reference)
    mine = agreement.parties.select_related("agency")
    if not is_secretariat(request.user):
        mine = [party for party in mine if rules.is_member_of_party(request.user, party)]
        if not mine:
            raise PermissionDenied
    year, period, _start, _end = monev.period_of(timezone.localdate(), agreement.monev_per_year)
    initial = {"year": year, "period": period}
    if request.GET.get("period"):
        existing = MonevReport.objects.filter(
            agreement=agreement, status="returned", pk=int_param(request.GET, "period")
        ).first()
        if existing:
            fields = [*services.MONEV_FIELDS, "year", "period"]
            initial = {key: getattr(existing, key) for key in fields}
            initial["party"] = existing.party_id
    parties = agreement.parties.filter(pk__in=[party.pk for party in mine])
    if len(mine) == 1:
        initial.setdefault("party", mine[0].pk)  # the only party this person reports for
    form = MonevForm(
        request.POST or None,
        request.FILES or None,
        agreement=agreement,
        parties=parties,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        evidence = data.pop("evidence")
        try:
            services.monev_submit(
                agreement=agreement,
                by=request.user,
                evidence=[evidence] if evidence else [],
                **data,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            created(request, f"{agreement.get_absolute_url()}#monev")
            messages.success(request, _("The monev report is sent to the secretariat."))
            return redirect(f"{agreement.get_absolute_url()}#monev")
    return _agreement_form_page(request, agreement, form, _("Monev report"), multipart=True)


@login_required
@require_http_methods(["GET", "POST"])
def monev_review(request, reference, pk):
    agreement = _agreement_or_404(request, reference)
    if not is_secretariat(request.user):
        raise PermissionDenied
    report = get_object_or_404(
        MonevReport.objects.select_related("party__agency", "submitted_by"),
        pk=pk,
        agreement=agreement,
    )
    form = MonevReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.monev_review(report=report, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The review is recorded."))
            return redirect(f"{agreement.get_absolute_url()}#monev")
    return render(
        request,
        "partnerships/monev_review.html",
        {
            "agreement": agreement,
            "report": report,
            "form": form,
            "period_label": monev.label(report.year, report.period, agreement.monev_per_year),
            "evidence": list(report.evidence.prefetch_related("versions")),
        },
    )


@login_required
@require_POST
@creates
def comment_add(request, reference):
    agreement = _agreement_or_404(request, reference)
    form = CommentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.comment_add(agreement=agreement, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            created(request, f"{agreement.get_absolute_url()}#discussion")
            return redirect(f"{agreement.get_absolute_url()}#discussion")
    # Refused (empty, too long, a bad attachment): the page again, the comment kept.
    return render(
        request, "partnerships/detail.html", _detail_context(request, agreement, comment_form=form)
    )


@login_required
@require_http_methods(["GET", "POST"])
def termination_request(request, reference):
    agreement = _agreement_or_404(request, reference)
    if not rules.is_party_member(request.user, agreement, MemberRole.ADMIN):
        raise PermissionDenied
    form = TerminationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.agreement_request_termination(
                agreement=agreement, by=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The secretariat has been asked to end the agreement."))
            return redirect(agreement)
    return _agreement_form_page(request, agreement, form, _("Ask to end the agreement"))


@login_required
@require_POST
@creates
def renew(request, reference):
    agreement = _agreement_or_404(request, reference)
    try:
        successor = services.agreement_renew(agreement=agreement, by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect(agreement)
    created(request, successor)
    messages.success(
        request,
        _("Renewal %(reference)s is drafted; check its dates and text.")
        % {"reference": successor.reference},
    )
    return redirect(successor)


@login_required
@require_http_methods(["GET", "POST"])
def contribution_edit(request, reference, pk):
    """Update a contribution, typically its realised amount as money is spent."""
    agreement = _agreement_or_404(request, reference)
    if not rules.can_upload_documents(request.user, agreement):
        raise PermissionDenied
    contribution = get_object_or_404(Contribution, pk=pk, agreement=agreement)
    initial = {
        field: getattr(contribution, field)
        for field in ("source", "form", "planned", "realised", "description")
    }
    initial["party"] = contribution.party_id
    form = ContributionForm(request.POST or None, agreement=agreement, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.contribution_update(
                contribution=contribution, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The financing is recorded."))
            return redirect(f"{agreement.get_absolute_url()}#financing")
    return _agreement_form_page(request, agreement, form, _("Record financing"))


@login_required
@require_http_methods(["GET", "POST"])
def contribution_delete(request, reference, pk):
    """Remove a financing row entered by mistake, after a page that shows which one."""
    agreement = _agreement_or_404(request, reference)
    if not rules.can_upload_documents(request.user, agreement):
        raise PermissionDenied
    contribution = get_object_or_404(
        Contribution.objects.select_related("agreement", "party__agency"),
        pk=pk,
        agreement=agreement,
    )
    if request.method == "POST":
        try:
            services.contribution_delete(contribution=contribution, by=request.user)
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, _("The financing row is removed."))
        return redirect(f"{agreement.get_absolute_url()}#financing")
    return render(
        request,
        "partnerships/contribution_delete.html",
        {"agreement": agreement, "contribution": contribution},
    )


@login_required
@require_POST
def milestone_start(request, reference, pk):
    agreement = _agreement_or_404(request, reference)
    milestone = get_object_or_404(Milestone, pk=pk, agreement=agreement)
    try:
        services.milestone_start(milestone=milestone, by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    return redirect(f"{agreement.get_absolute_url()}#milestones")
