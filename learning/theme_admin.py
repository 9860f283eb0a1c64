"""Temaer in the admin: Husbanken's editors rename, merge, retire and approve themes;
everyone in the admin may propose one.

Plain admin views over ``learning.themes``, not a ``ModelViewSet``: taggit's ``Tag``
must not be added, edited or deleted around the redirects and the pages' drafts that
the actions keep right. Every action is a POST with a CSRF token; merging, retiring
and rejecting show what will happen and ask first.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import include, path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from taggit.models import Tag
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from learning import moderation, themes
from learning.models import ThemeProposal, ThemeRedirect

AUTOCOMPLETE_LIMIT = 10


def is_theme_editor(user):
    """Husbanken's editors (and superusers) tend the themes."""
    return user.is_active and moderation.sees_every_page(user)


class RenameForm(forms.Form):
    name = forms.CharField(
        label=_("Nytt navn"),
        max_length=100,
        help_text=_(
            "Adressen følger navnet. Den gamle adressen og feeden sender videre "
            "til den nye."
        ),
    )


class MergeForm(forms.Form):
    target = forms.ModelChoiceField(
        label=_("Slå sammen med"),
        queryset=Tag.objects.none(),
        empty_label=_("Velg temaet som skal beholdes"),
        help_text=_(
            "Alt som har dette temaet, får temaet du velger. Dette temaet slettes, "
            "og adressene til det sender videre til temaet du velger."
        ),
    )

    def __init__(self, *args, source, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = (
            themes.choosable().exclude(pk=source.pk).order_by("name")
        )


class ProposeForm(forms.Form):
    name = forms.CharField(label=_("Navn på temaet"), max_length=100)
    reason = forms.CharField(
        label=_("Hvorfor trengs temaet?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Hva temaet skal samle, og hvorfor ingen av temaene passer."),
    )


class ThemeView(WagtailAdminTemplateMixin, TemplateView):
    """Editors only: anyone else is refused before anything is looked up."""

    header_icon = "tag"
    editors_only = True

    def dispatch(self, request, *args, **kwargs):
        if self.editors_only and not is_theme_editor(request.user):
            raise PermissionDenied
        self.load(**kwargs)
        return super().dispatch(request, *args, **kwargs)

    def load(self, **kwargs):
        """Look up what the URL names (after the permission check)."""

    def index_url(self):
        return reverse("learning_themes:index")

    def get_breadcrumbs_items(self):
        items = [*self.breadcrumbs_items]
        if is_theme_editor(self.request.user):
            items.append({"url": self.index_url(), "label": gettext("Temaer")})
        return [*items, {"url": "", "label": self.get_page_title()}]


class ThemeIndexView(ThemeView):
    template_name = "learning/admin/themes/index.html"
    page_title = _("Temaer")

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": gettext("Temaer")}]

    def get_context_data(self, **kwargs):
        counts = themes.page_counts()
        redirects = {}
        for old_slug, tag_id in ThemeRedirect.objects.values_list(
            "old_slug", "tag_id"
        ).order_by("old_slug"):
            redirects.setdefault(tag_id, []).append(old_slug)
        tags = sorted(
            Tag.objects.select_related("theme_state"),
            key=lambda tag: tag.name.lower(),
        )
        rows = [
            {
                "tag": tag,
                "pages": counts[tag.pk],
                "retired": themes.is_retired(tag),
                "old_slugs": redirects.get(tag.pk, []),
            }
            for tag in tags
        ]
        return super().get_context_data(
            rows=rows,
            proposals=ThemeProposal.objects.select_related("proposed_by"),
            **kwargs,
        )


class TagActionView(ThemeView):
    """One theme, one action: a form or a question, then a POST."""

    template_name = "learning/admin/themes/action.html"

    def load(self, pk, **kwargs):
        self.tag = get_object_or_404(Tag.objects.select_related("theme_state"), pk=pk)

    def get_page_subtitle(self):
        return self.tag.name

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            tag=self.tag,
            pages=themes.page_counts()[self.tag.pk],
            cancel_url=self.index_url(),
            **kwargs,
        )

    def done(self, message):
        messages.success(self.request, message)
        return redirect(self.index_url())


class RenameView(TagActionView):
    page_title = _("Gi temaet nytt navn")
    action = "rename"

    def get(self, request, *args, **kwargs):
        form = RenameForm(initial={"name": self.tag.name})
        return self.render_to_response(self.get_context_data(form=form))

    def post(self, request, *args, **kwargs):
        form = RenameForm(request.POST)
        if form.is_valid():
            old_name = self.tag.name
            try:
                themes.rename(self.tag, form.cleaned_data["name"], user=request.user)
            except themes.ThemeError as error:
                form.add_error("name", str(error))
            else:
                return self.done(
                    gettext(
                        "«%(old)s» heter nå «%(new)s». Den gamle adressen sender "
                        "videre til den nye."
                    )
                    % {"old": old_name, "new": self.tag.name}
                )
        return self.render_to_response(self.get_context_data(form=form))


class MergeView(TagActionView):
    page_title = _("Slå sammen temaer")
    action = "merge"

    def get(self, request, *args, **kwargs):
        form = MergeForm(source=self.tag)
        return self.render_to_response(self.get_context_data(form=form))

    def post(self, request, *args, **kwargs):
        form = MergeForm(request.POST, source=self.tag)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        target = form.cleaned_data["target"]
        if request.POST.get("confirm") != "ja":
            return self.render_to_response(
                self.get_context_data(form=form, target=target, confirming=True)
            )
        source_name = themes.merge(self.tag, target, user=request.user)
        return self.done(
            gettext(
                "«%(source)s» er slått sammen med «%(target)s». Alt som hadde "
                "«%(source)s», har nå «%(target)s», og de gamle adressene sender "
                "videre."
            )
            % {"source": source_name, "target": target.name}
        )


class RetireView(TagActionView):
    page_title = _("Ta temaet ut av bruk")
    action = "retire"

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data())

    def post(self, request, *args, **kwargs):
        themes.retire(self.tag, user=request.user)
        return self.done(
            gettext(
                "«%(name)s» er tatt ut av bruk. Sidene som har temaet, beholder det."
            )
            % {"name": self.tag.name}
        )


class ReactivateView(TagActionView):
    page_title = _("Ta temaet i bruk igjen")
    action = "reactivate"

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data())

    def post(self, request, *args, **kwargs):
        themes.reactivate(self.tag, user=request.user)
        return self.done(
            gettext("«%(name)s» er i bruk igjen.") % {"name": self.tag.name}
        )


class ProposalActionView(ThemeView):
    template_name = "learning/admin/themes/proposal.html"

    def load(self, pk, **kwargs):
        self.proposal = get_object_or_404(
            ThemeProposal.objects.select_related("proposed_by"), pk=pk
        )

    def get_page_subtitle(self):
        return self.proposal.name

    def get(self, request, *args, **kwargs):
        return self.render_to_response(
            self.get_context_data(
                proposal=self.proposal,
                action=self.action,
                cancel_url=self.index_url(),
            )
        )


class ApproveView(ProposalActionView):
    page_title = _("Godkjenn temaforslaget")
    action = "approve"

    def post(self, request, *args, **kwargs):
        try:
            tag = themes.approve(self.proposal, user=request.user)
        except themes.ThemeError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                gettext("«%(name)s» er godkjent og kan nå velges på sidene.")
                % {"name": tag.name},
            )
        return redirect(self.index_url())


class RejectView(ProposalActionView):
    page_title = _("Avvis temaforslaget")
    action = "reject"

    def post(self, request, *args, **kwargs):
        name = self.proposal.name
        themes.reject(self.proposal, user=request.user)
        messages.success(
            request, gettext("Forslaget «%(name)s» er avvist.") % {"name": name}
        )
        return redirect(self.index_url())


class ProposeView(ThemeView):
    """Contributors propose; an editor's new theme is in use at once."""

    template_name = "learning/admin/themes/propose.html"
    editors_only = False

    def get_page_title(self):
        if is_theme_editor(self.request.user):
            return gettext("Nytt tema")
        return gettext("Foreslå nytt tema")

    def form(self, data=None):
        form = ProposeForm(data)
        # An editor's theme is in use at once: no one to explain it to.
        form.fields["reason"].required = not is_theme_editor(self.request.user)
        return form

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=self.form()))

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            editor=is_theme_editor(self.request.user), **kwargs
        )

    def post(self, request, *args, **kwargs):
        form = self.form(request.POST)
        if form.is_valid():
            name, reason = form.cleaned_data["name"], form.cleaned_data["reason"]
            try:
                if is_theme_editor(request.user):
                    tag = themes.create(name, user=request.user)
                    messages.success(
                        request,
                        gettext("«%(name)s» er opprettet og kan velges på sidene.")
                        % {"name": tag.name},
                    )
                    return redirect(self.index_url())
                proposal = themes.propose(name, reason, user=request.user)
            except themes.ThemeError as error:
                form.add_error("name", str(error))
            else:
                messages.success(
                    request,
                    gettext(
                        "Takk! «%(name)s» er foreslått. Husbanken ser på forslaget, "
                        "og temaet kan velges når det er godkjent."
                    )
                    % {"name": proposal.name},
                )
                return redirect("wagtailadmin_home")
        return self.render_to_response(self.get_context_data(form=form))


def autocomplete(request):
    """The themes in use whose name starts with (or has a word starting with) the
    term: what the page editor's themes field offers."""
    if request.method != "GET":
        raise Http404
    term = " ".join(request.GET.get("term", "").split())[:100]
    if not term:
        return JsonResponse([], safe=False)
    names = list(
        themes.choosable()
        .filter(name__istartswith=term)
        .order_by("name")
        .values_list("name", flat=True)[:AUTOCOMPLETE_LIMIT]
    )
    return JsonResponse(names, safe=False)


urlpatterns = [
    path("", ThemeIndexView.as_view(), name="index"),
    path("nytt/", ProposeView.as_view(), name="propose"),
    path("<int:pk>/nytt-navn/", RenameView.as_view(), name="rename"),
    path("<int:pk>/slaa-sammen/", MergeView.as_view(), name="merge"),
    path("<int:pk>/ta-ut-av-bruk/", RetireView.as_view(), name="retire"),
    path("<int:pk>/ta-i-bruk/", ReactivateView.as_view(), name="reactivate"),
    path("forslag/<int:pk>/godkjenn/", ApproveView.as_view(), name="approve"),
    path("forslag/<int:pk>/avvis/", RejectView.as_view(), name="reject"),
]


def admin_urls():
    """For the ``register_admin_urls`` hook; Wagtail adds its own login check."""
    return [
        path(
            "temaer/",
            include((urlpatterns, "learning_themes"), namespace="learning_themes"),
        ),
        path(
            "temaer/autocomplete/",
            autocomplete,
            name="learning_theme_autocomplete",
        ),
    ]
