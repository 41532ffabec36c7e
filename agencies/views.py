from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.forms import InvitedAccountForm
from accounts.models import User
from core.forms import add_service_errors
from core.http import choice_param, text_param
from core.lists import page_of, render_list
from core.once import created, creates
from core.pagecache import cached_page

from . import rules, sections, selectors, services
from .enums import AgencyStatus, MemberRole
from .forms import (
    AgencyForm,
    ApiKeyForm,
    CapabilityFilterForm,
    CapabilityForm,
    DirectoryFilterForm,
    InvitationForm,
    ReviewForm,
    RoleForm,
)
from .models import Capability, Invitation, Membership


def _base_url(request):
    return request.build_absolute_uri("/")


def agency_or_404(request, slug, allowed=None):
    """The agency at `slug`: 404 when the user may not see it, 403 when `allowed` says no."""
    agency = selectors.agency_for_user(user=request.user, slug=slug)
    if agency is None:
        raise Http404
    if allowed is not None and not allowed(request.user, agency):
        raise PermissionDenied
    return agency


# --- Public pages ---------------------------------------------------------------------------------


def _filtered_list(request, form_class, search, page_template, results_template, **extra):
    """A public list page: filters from the URL, paginated results; htmx gets the results only."""
    form = form_class(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    results = search(
        user=request.user,
        query=filters.get("q", ""),
        kind=filters.get("kind", ""),
        sector=filters.get("sector"),
        regency=filters.get("regency"),
        **extra,
    )
    return render_list(
        request,
        form=form,
        queryset=results,
        template=page_template,
        results_template=results_template,
    )


DIRECTORY_ORDERINGS = ("name", "newest")


@cached_page
def directory(request):
    return _filtered_list(
        request,
        DirectoryFilterForm,
        selectors.agency_directory,
        "agencies/directory.html",
        "agencies/_directory_results.html",
        ordering=choice_param(request.GET, "urut", DIRECTORY_ORDERINGS, "name"),
    )


@cached_page
@require_GET
def suggest(request):
    """Names for an agency box (AgencyField): the datalist options htmx puts under it."""
    # The box sends its own field's name (?party=…), or ?q=.
    name = "q" if request.GET.get("q") else next(iter(request.GET), "q")
    query = text_param(request.GET, name)
    return render(
        request, "agencies/_suggestions.html", {"agencies": selectors.agency_suggestions(query)}
    )


@cached_page
def capabilities(request):
    return _filtered_list(
        request,
        CapabilityFilterForm,
        selectors.capability_search,
        "agencies/capabilities.html",
        "agencies/_capability_results.html",
    )


@cached_page
def detail(request, slug):
    agency = agency_or_404(request, slug)
    user = request.user
    context = {
        "agency": agency,
        "capabilities": selectors.agency_capabilities(agency),
        "can_edit": rules.can_edit_agency(user, agency),
        "can_manage_members": rules.can_manage_members(user, agency),
        "can_review": rules.can_review_agency(user, agency),
        "can_resubmit": rules.can_resubmit_agency(user, agency),
        "my_role": MemberRole(role) if (role := rules.role_in(user, agency)) else None,
        "sections": sections.profile.sections_for(request, agency),
    }
    if rules.can_see_members(user, agency):
        context["members"] = selectors.agency_members(agency)
        context["history"] = agency.events.select_related("actor")[:50]
        # What changed and who was invited or removed (e-mail addresses) is for those who run it.
        context["history_details"] = context["can_manage_members"] or context["can_review"]
    return render(request, "agencies/detail.html", context)


# --- Registering and editing ----------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
@creates
def register(request):
    form = AgencyForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        sectors = data.pop("sectors")
        try:
            agency = services.agency_register(
                user=request.user, sectors=sectors, base_url=_base_url(request), **data
            )
        except ValidationError as error:
            form.add_error("name", error)
        else:
            created(request, agency)
            messages.success(
                request,
                _(
                    "%(name)s is registered and waits for the secretariat's verification. "
                    "You are its admin."
                )
                % {"name": agency.name},
            )
            return redirect(agency)
    return render(request, "agencies/agency_form.html", {"form": form, "agency": None})


@login_required
@require_http_methods(["GET", "POST"])
def edit(request, slug):
    agency = agency_or_404(request, slug, rules.can_edit_agency)
    form = AgencyForm(request.POST or None, request.FILES or None, instance=agency)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        sectors = data.pop("sectors")
        try:
            services.agency_update(agency=agency, by=request.user, sectors=sectors, **data)
        except ValidationError as error:
            form.add_error("name", error)
        else:
            messages.success(request, _("The agency profile has been saved."))
            return redirect(agency)
    return render(request, "agencies/agency_form.html", {"form": form, "agency": agency})


# --- Members and invitations ----------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
@creates
def members(request, slug):
    agency = agency_or_404(request, slug, rules.can_manage_members)
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.invitation_create(
                agency=agency,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                by=request.user,
                base_url=_base_url(request),
            )
        except ValidationError as error:
            form.add_error("email", error)
        else:
            created(request, reverse("agencies:members", args=[agency.slug]))
            # Queued, not yet sent: the list of open invitations shows how its e-mail fares.
            messages.success(
                request,
                _(
                    "The invitation to %(email)s is saved and its e-mail is on its way; "
                    "“Open invitations” shows whether it went out."
                )
                % {"email": form.cleaned_data["email"]},
            )
            return redirect("agencies:members", slug=agency.slug)
    return render(
        request,
        "agencies/members.html",
        {
            "agency": agency,
            "form": form,
            "memberships": selectors.agency_members(agency),
            "invitations": selectors.agency_open_invitations(agency),
            "role_choices": RoleForm.base_fields["role"].choices,
        },
    )


@login_required
@require_POST
def member_role(request, slug, pk):
    agency = agency_or_404(request, slug, rules.can_manage_members)
    membership = get_object_or_404(Membership, pk=pk, agency=agency)
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose one of the roles offered."))
    else:
        try:
            membership = services.membership_change_role(
                membership=membership, role=form.cleaned_data["role"], by=request.user
            )
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(
                request,
                _("%(name)s is now %(role)s.")
                % {"name": membership.user, "role": membership.get_role_display()},
            )
    return _back_to_members(request, agency)


def _back_to_members(request, agency):
    """Back to the members page, unless the admin has just given up their own admin rights."""
    request.user._agency_roles = None  # the role may have changed in this request
    if rules.can_manage_members(request.user, agency):
        return redirect("agencies:members", slug=agency.slug)
    return redirect(agency)


@login_required
@require_http_methods(["GET", "POST"])
def member_remove(request, slug, pk):
    agency = agency_or_404(request, slug, rules.can_manage_members)
    membership = get_object_or_404(Membership.objects.select_related("user"), pk=pk, agency=agency)
    if request.method == "POST":
        try:
            services.membership_remove(membership=membership, by=request.user)
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(
                request,
                _("%(name)s is no longer a member of %(agency)s.")
                % {"name": membership.user, "agency": agency.name},
            )
        return _back_to_members(request, agency)
    return render(
        request, "agencies/member_remove.html", {"agency": agency, "membership": membership}
    )


@login_required
@require_POST
def invitation_revoke(request, slug, pk):
    agency = agency_or_404(request, slug, rules.can_manage_members)
    invitation = get_object_or_404(Invitation, pk=pk, agency=agency)
    services.invitation_revoke(invitation=invitation, by=request.user)
    messages.success(
        request, _("The invitation to %(email)s is withdrawn.") % {"email": invitation.email}
    )
    return redirect("agencies:members", slug=agency.slug)


@require_http_methods(["GET", "POST"])
@creates
def invitation(request, token):
    """Where the e-mailed link leads: accept with the account you have, or make one."""
    invitation = get_object_or_404(
        Invitation.objects.select_related("agency", "invited_by"), token=token
    )
    context = {"invitation": invitation, "agency": invitation.agency}
    try:
        services.invitation_check(invitation)
    except ValidationError as error:
        context["problem"] = error.messages[0]
        return render(request, "agencies/invitation.html", context, status=410)

    user = request.user
    # An unverified account cannot log in; the invitation link proves the mailbox, so it is
    # treated like no account at all (see invitation_accept_with_new_account).
    has_account = User.objects.filter(
        email=invitation.email, email_verified_at__isnull=False
    ).exists()
    signup_form = None
    if not user.is_authenticated and not has_account:
        signup_form = InvitedAccountForm(request.POST or None, email=invitation.email)
        if request.method == "POST" and signup_form.is_valid():
            try:
                new_user, _membership = services.invitation_accept_with_new_account(
                    invitation=invitation,
                    full_name=signup_form.cleaned_data["full_name"],
                    password=signup_form.cleaned_data["password1"],
                    language=translation.get_language(),
                )
            except ValidationError as error:
                add_service_errors(signup_form, error)
            else:
                login(request, new_user, backend="django.contrib.auth.backends.ModelBackend")
                return _joined(request, invitation)
    elif user.is_authenticated and request.method == "POST":
        try:
            services.invitation_accept(invitation=invitation, user=user)
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            return _joined(request, invitation)
    context.update(
        {
            "signup_form": signup_form,
            "has_account": has_account,
            "wrong_account": user.is_authenticated and user.email != invitation.email,
        }
    )
    return render(request, "agencies/invitation.html", context)


def _joined(request, invitation):
    created(request, invitation.agency)
    messages.success(
        request,
        _("Welcome to %(agency)s. You are %(role)s.")
        % {"agency": invitation.agency.name, "role": invitation.get_role_display()},
    )
    return redirect(invitation.agency)


# --- Capabilities ---------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
@creates
def capability_create(request, slug):
    agency = agency_or_404(request, slug, rules.can_edit_agency)
    form = CapabilityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.capability_create(agency=agency, by=request.user, **form.cleaned_data)
        created(request, agency)
        messages.success(request, _("The capability has been added."))
        return redirect(agency)
    return render(request, "agencies/capability_form.html", {"form": form, "agency": agency})


@login_required
@require_http_methods(["GET", "POST"])
def capability_edit(request, slug, pk):
    agency = agency_or_404(request, slug, rules.can_edit_agency)
    capability = get_object_or_404(Capability, pk=pk, agency=agency)
    form = CapabilityForm(request.POST or None, instance=capability)
    if request.method == "POST" and form.is_valid():
        services.capability_update(capability=capability, by=request.user, **form.cleaned_data)
        messages.success(request, _("The capability has been saved."))
        return redirect(agency)
    return render(
        request,
        "agencies/capability_form.html",
        {"form": form, "agency": agency, "capability": capability},
    )


@login_required
@require_http_methods(["GET", "POST"])
def capability_delete(request, slug, pk):
    agency = agency_or_404(request, slug, rules.can_edit_agency)
    capability = get_object_or_404(Capability, pk=pk, agency=agency)
    if request.method == "POST":
        services.capability_delete(capability=capability, by=request.user)
        messages.success(request, _("“%(title)s” has been removed.") % {"title": capability.title})
        return redirect(agency)
    return render(
        request, "agencies/capability_delete.html", {"agency": agency, "capability": capability}
    )


# --- Staff: my agencies, the secretariat's review -------------------------------------------------


@cached_page
@login_required
def mine(request):
    return render(
        request,
        "agencies/mine.html",
        {
            "memberships": selectors.agencies_of_user(request.user),
            "is_secretariat": rules.is_secretariat(request.user),
        },
    )


@cached_page
@login_required
def review_queue(request):
    if not rules.is_secretariat(request.user):
        raise PermissionDenied
    return render(
        request,
        "agencies/review_queue.html",
        {"page": page_of(request, selectors.agencies_awaiting_review())},
    )


@login_required
@require_http_methods(["GET", "POST"])
def review(request, slug):
    agency = agency_or_404(request, slug, rules.can_review_agency)
    form = ReviewForm(request.POST or None, agency=agency)
    if request.method == "POST" and form.is_valid():
        try:
            services.agency_change_status(
                agency=agency,
                to_status=form.cleaned_data["decision"],
                by=request.user,
                reason=form.cleaned_data["reason"],
                base_url=_base_url(request),
            )
        except ValidationError as error:
            form.add_error("reason" if error.code == "reason" else None, error)
        else:
            messages.success(
                request,
                _("%(name)s is now: %(status)s.")
                % {
                    "name": agency.name,
                    "status": AgencyStatus(form.cleaned_data["decision"]).label,
                },
            )
            return redirect("agencies:review_queue")
    return render(
        request,
        "agencies/review.html",
        {"agency": agency, "form": form},
    )


@login_required
@require_POST
def resubmit(request, slug):
    agency = agency_or_404(request, slug, rules.can_resubmit_agency)
    services.agency_resubmit(agency=agency, by=request.user, base_url=_base_url(request))
    messages.success(
        request,
        _("%(name)s is sent back to the secretariat for verification.") % {"name": agency.name},
    )
    return redirect(agency)


# --- Personal API keys (the REST API's staff side) ------------------------------------------------


# The new key, between the POST that made it and the page that shows it once (then it goes).
NEW_KEY_SESSION = "agencies_new_api_key"


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
@creates
def api_keys(request):
    """The person's API keys: make one (shown once, on the page the POST leads to), list them,
    revoke one. Only staff of a verified agency: a key reads an agency's records."""
    memberships = selectors.api_key_memberships(request.user)
    if not memberships:
        raise PermissionDenied
    form = ApiKeyForm(request.POST or None, memberships=memberships)
    if request.method == "POST" and form.is_valid():
        try:
            _token, key = services.api_key_create(
                user=request.user,
                name=form.cleaned_data["name"],
                scopes=form.cleaned_data["scopes"],
                expires_at=form.cleaned_data["expires_at"],
                base_url=_base_url(request),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            request.session[NEW_KEY_SESSION] = key
            created(request, reverse("agencies:api_keys"))
            messages.success(request, _("The key has been made. Copy it now: it is shown once."))
            return redirect("agencies:api_keys")
    return render(
        request,
        "agencies/api_keys.html",
        {
            "form": form,
            # Shown on this answer only: reloading the page shows it no more.
            "new_key": request.session.pop(NEW_KEY_SESSION, None),
            "keys": selectors.api_keys_of(request.user),
            "agency_fields": [form[ApiKeyForm.field_for(m)] for m in memberships],
        },
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def api_key_revoke(request, pk):
    """Revoke one of one's keys: the list's "Revoke" leads to this page, which asks first (a
    program that uses the key is refused at once, and nothing brings it back); its button
    POSTs here. Someone else's key is a 404, whoever asks; the owner may always revoke their
    key, even after leaving the agencies it reads."""
    key = get_object_or_404(selectors.api_keys_of(request.user), pk=pk)
    if request.method == "POST" and services.api_key_revoke(user=request.user, token_id=key.pk):
        messages.success(request, _("The key has been revoked: it no longer opens the API."))
        return redirect("agencies:api_keys")
    if request.method == "POST" or key.revoked_at is not None:
        # Sent twice, or from a page kept open: it is revoked already, nothing to ask.
        messages.info(request, _("The key “%(name)s” is already revoked.") % {"name": key.name})
        return redirect("agencies:api_keys")
    return render(request, "agencies/api_key_revoke.html", {"key": key})
