"""Municipalities contribute in their own room, Husbanken approves; nobody is recognisable.

Everything goes through Wagtail's admin as an editor would use it, logged in as a
member of a municipality's contributors' group or of Husbanken's editors.
"""

import datetime

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.sql import emit_post_migrate_signal
from django.db import connection
from django.urls import reverse
from wagtail.models import (
    GroupApprovalTask,
    GroupPagePermission,
    Page,
    Task,
    Workflow,
    WorkflowPage,
    WorkflowState,
    WorkflowTask,
)
from wagtail.test.utils.form_data import (
    inline_formset,
    nested_form_data,
    rich_text,
    streamfield,
)

from learning import moderation, signals
from learning.models import ExperienceArticlePage, GoodPracticePage
from learning.models.base import IDENTIFIABLE_ERROR
from portal.models import County
from tests.factories import MunicipalityPageFactory
from tests.learning.factories import (
    ExperienceArticlePageFactory,
    GoodPracticePageFactory,
)

pytestmark = pytest.mark.django_db

ADMIN_HOME = "/admin/"


@pytest.fixture
def moderation_ready(home_page):
    """Groups and workflow as migrate leaves them (again, if a flush removed them)."""
    signals.set_up_moderation(sender=None)


def member_of(group_name, username):
    user = get_user_model().objects.create_user(
        username=username, email=f"{username}@example.no", password="passord-123"
    )
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def contributor(karmoy, moderation_ready):
    return member_of(moderation.municipality_group_name(karmoy), "karmoy-bidrag")


@pytest.fixture
def husbanken_editor(moderation_ready):
    return member_of(moderation.HUSBANKEN_EDITORS, "husbanken-redaktor")


@pytest.fixture
def contributor_client(client, contributor):
    client.force_login(contributor)
    return client


@pytest.fixture
def karmoy_article(karmoy):
    return ExperienceArticlePageFactory(parent=karmoy, title="Karmøys artikkel")


@pytest.fixture
def bergen_article(bergen, moderation_ready):
    return ExperienceArticlePageFactory(parent=bergen, title="Bergens artikkel")


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def add_url(model, parent):
    return reverse(
        "wagtailadmin_pages:add",
        args=[model._meta.app_label, model._meta.model_name, parent.pk],
    )


def article_data(title, slug, confirmed=True, action="action-publish", **changes):
    data = {
        "title": title,
        "slug": slug,
        "intro": "",
        "body": streamfield([]),
        "date": "2016-05-01",
        "tags": "",
    }
    if confirmed:
        data["no_identifiable_persons"] = "on"
    if action:
        data[action] = action
    data.update(changes)
    return nested_form_data(data)


def practice_data(title, slug, confirmed=True, action="action-publish"):
    data = {
        "title": title,
        "slug": slug,
        "problem": rich_text("<p>Et problem.</p>"),
        "measures": rich_text("<p>Et tiltak.</p>"),
        "results": rich_text(""),
        "resources": rich_text(""),
        "transfer": rich_text(""),
        "calculations": streamfield([]),
        "outcomes": inline_formset([]),
        "figures": inline_formset([]),
        "date": "2016-05-01",
        "period_start": "2015",
        "period_end": "",
        "status": "ongoing",
        "tags": "",
    }
    if confirmed:
        data["no_identifiable_persons"] = "on"
    if action:
        data[action] = action
    return nested_form_data(data)


def assert_sent_to_admin_home(response):
    assert response.status_code == 302
    assert response.url == ADMIN_HOME


class TestGroupsAndWorkflow:
    def test_a_new_municipality_gets_its_contributors_and_the_workflow(
        self, municipality_index, moderation_ready
    ):
        stavanger = MunicipalityPageFactory(
            parent=municipality_index,
            title="Stavanger",
            slug="stavanger",
            county=County.ROGALAND,
        )
        group = Group.objects.get(name="Stavanger – bidragsytere")
        rights = set(
            GroupPagePermission.objects.filter(group=group).values_list(
                "page_id", "permission__codename"
            )
        )
        assert rights == {(stavanger.pk, "add_page"), (stavanger.pk, "change_page")}
        assert group.permissions.filter(codename="access_admin").exists()
        workflow = stavanger.get_workflow()
        assert workflow.name == moderation.WORKFLOW_NAME
        [task] = [task.specific for task in workflow.tasks]
        assert isinstance(task, GroupApprovalTask)
        assert [group.name for group in task.groups.all()] == [
            moderation.HUSBANKEN_EDITORS
        ]

    def test_husbanken_editors_publish_everywhere(self, home_page, moderation_ready):
        group = Group.objects.get(name=moderation.HUSBANKEN_EDITORS)
        codenames = set(
            GroupPagePermission.objects.filter(group=group, page=home_page).values_list(
                "permission__codename", flat=True
            )
        )
        assert {"add_page", "change_page", "publish_page"} <= codenames

    def test_migrate_sets_everything_up_again(self, home_page, karmoy):
        """The post_migrate receiver rebuilds groups, rights and the workflow."""
        Group.objects.filter(
            name__in=[
                moderation.HUSBANKEN_EDITORS,
                moderation.municipality_group_name(karmoy),
            ]
        ).delete()
        Workflow.objects.filter(name=moderation.WORKFLOW_NAME).delete()
        GroupApprovalTask.objects.filter(name=moderation.TASK_NAME).delete()
        karmoy.refresh_from_db()
        assert karmoy.get_workflow() is None  # Wagtail's own workflow is gone too

        emit_post_migrate_signal(verbosity=0, interactive=False, db="default")

        husbanken = Group.objects.get(name=moderation.HUSBANKEN_EDITORS)
        assert GroupPagePermission.objects.filter(
            group=husbanken, page=home_page, permission__codename="publish_page"
        ).exists()
        contributors = Group.objects.get(
            name=moderation.municipality_group_name(karmoy)
        )
        assert GroupPagePermission.objects.filter(
            group=contributors, page=karmoy, permission__codename="add_page"
        ).exists()
        workflow = Page.objects.get(pk=karmoy.pk).get_workflow()
        assert workflow.name == moderation.WORKFLOW_NAME
        assert [task.name for task in workflow.tasks] == [moderation.TASK_NAME]


class TestContributorInOwnMunicipality:
    def test_may_edit_and_copy_but_not_publish(
        self, contributor, karmoy, bergen, karmoy_article
    ):
        rights = karmoy_article.permissions_for_user(contributor)
        assert rights.can_edit()
        assert rights.can_copy()
        assert rights.can_copy_to(karmoy)
        assert not rights.can_copy_to(bergen)
        assert not rights.can_publish()
        assert not rights.can_unpublish()
        assert karmoy.permissions_for_user(contributor).can_add_subpage()
        assert not karmoy.permissions_for_user(contributor).can_publish_subpage()

    def test_sees_own_pages_and_their_history(self, contributor_client, karmoy_article):
        response = contributor_client.get(edit_url(karmoy_article))
        assert response.status_code == 200
        assert "Karmøys artikkel" in response.content.decode()
        response = contributor_client.get(
            reverse("wagtailadmin_pages:history", args=[karmoy_article.pk])
        )
        assert response.status_code == 200
        response = contributor_client.get(
            reverse("wagtailadmin_pages:copy", args=[karmoy_article.pk])
        )
        assert response.status_code == 200

    def test_publish_button_only_saves_a_draft(self, contributor_client, karmoy):
        response = contributor_client.post(
            add_url(ExperienceArticlePage, karmoy),
            article_data("Vår nye artikkel", "ny-artikkel"),
        )
        assert response.status_code == 302
        page = ExperienceArticlePage.objects.get(slug="ny-artikkel")
        assert not page.live
        assert not page.workflow_states.exists()
        assert contributor_client.get(page.url).status_code == 404

    def test_changes_to_a_live_page_wait_for_approval(
        self, contributor_client, karmoy_article
    ):
        response = contributor_client.post(
            edit_url(karmoy_article),
            article_data("Endret tittel", karmoy_article.slug),
        )
        assert response.status_code == 302
        karmoy_article.refresh_from_db()
        assert karmoy_article.title == "Karmøys artikkel"  # what the public sees
        assert karmoy_article.has_unpublished_changes
        assert karmoy_article.get_latest_revision_as_object().title == "Endret tittel"


class TestContributorInAnotherMunicipality:
    def test_has_no_rights_there(
        self, contributor, bergen, bergen_article, experience_index
    ):
        rights = bergen_article.permissions_for_user(contributor)
        assert not rights.can_edit()
        assert not rights.can_publish()
        assert not rights.can_unpublish()
        assert not rights.can_copy()
        assert not rights.can_delete()
        assert not rights.can_lock()
        assert not bergen.permissions_for_user(contributor).can_add_subpage()
        assert not bergen.permissions_for_user(contributor).can_edit()
        # Nor in the shared lists that Husbanken writes.
        assert not experience_index.permissions_for_user(contributor).can_add_subpage()

    def test_cannot_open_or_change_the_page(self, contributor_client, bergen_article):
        revisions = bergen_article.revisions.count()
        assert_sent_to_admin_home(contributor_client.get(edit_url(bergen_article)))
        assert_sent_to_admin_home(
            contributor_client.post(
                edit_url(bergen_article),
                article_data("Kapret", bergen_article.slug, action=None),
            )
        )
        bergen_article.refresh_from_db()
        assert bergen_article.title == "Bergens artikkel"
        assert bergen_article.revisions.count() == revisions
        assert (
            bergen_article.get_latest_revision_as_object().title == "Bergens artikkel"
        )

    def test_cannot_publish_or_unpublish_it(self, contributor_client, bergen_article):
        assert_sent_to_admin_home(
            contributor_client.post(
                edit_url(bergen_article), article_data("Kapret", bergen_article.slug)
            )
        )
        assert_sent_to_admin_home(
            contributor_client.post(
                reverse("wagtailadmin_pages:unpublish", args=[bergen_article.pk])
            )
        )
        bergen_article.refresh_from_db()
        assert bergen_article.live
        assert bergen_article.title == "Bergens artikkel"

    def test_cannot_copy_it(self, contributor_client, karmoy, bergen_article):
        copy_url = reverse("wagtailadmin_pages:copy", args=[bergen_article.pk])
        assert_sent_to_admin_home(contributor_client.get(copy_url))
        pages = Page.objects.count()
        assert_sent_to_admin_home(
            contributor_client.post(
                copy_url,
                {
                    "new_title": "Kopi",
                    "new_slug": "kopi",
                    "new_parent_page": karmoy.pk,
                },
            )
        )
        assert Page.objects.count() == pages
        assert not Page.objects.filter(slug="kopi").exists()

    def test_cannot_see_its_revisions(self, contributor_client, bergen_article):
        revision = bergen_article.get_latest_revision()
        response = contributor_client.get(
            reverse("wagtailadmin_pages:revisions_index", args=[bergen_article.pk]),
            follow=True,
        )
        assert response.redirect_chain[-1][0] == ADMIN_HOME
        assert "Bergens artikkel" not in response.content.decode()
        for url in (
            reverse("wagtailadmin_pages:history", args=[bergen_article.pk]),
            reverse(
                "wagtailadmin_pages:revisions_view",
                args=[bergen_article.pk, revision.pk],
            ),
            reverse(
                "wagtailadmin_pages:revisions_compare",
                args=[bergen_article.pk, "earliest", revision.pk],
            ),
            reverse("wagtailadmin_pages:workflow_history", args=[bergen_article.pk]),
        ):
            assert_sent_to_admin_home(contributor_client.get(url))

    def test_cannot_add_pages_below_it(self, contributor_client, bergen):
        url = add_url(ExperienceArticlePage, bergen)
        assert_sent_to_admin_home(contributor_client.get(url))
        assert_sent_to_admin_home(
            contributor_client.post(url, article_data("Inntrenger", "inntrenger"))
        )
        assert not Page.objects.filter(slug="inntrenger").exists()


class TestApproval:
    def submit(self, client, parent):
        response = client.post(
            add_url(ExperienceArticlePage, parent),
            article_data("Til godkjenning", "til-godkjenning", action="action-submit"),
        )
        assert response.status_code == 302
        return ExperienceArticlePage.objects.get(slug="til-godkjenning")

    def test_husbanken_editors_are_emailed_when_a_page_is_submitted(
        self,
        client,
        contributor,
        husbanken_editor,
        karmoy,
        mailoutbox,
        django_capture_on_commit_callbacks,
    ):
        client.force_login(contributor)
        with django_capture_on_commit_callbacks(execute=True):
            self.submit(client, karmoy)
        to_editor = [m for m in mailoutbox if husbanken_editor.email in m.to]
        assert len(to_editor) == 1
        assert "Til godkjenning" in to_editor[0].subject
        assert all(contributor.email not in m.to for m in mailoutbox)

    def approve_url(self, page, workflow_state):
        return reverse(
            "wagtailadmin_pages:workflow_action",
            args=[page.pk, "approve", workflow_state.current_task_state.pk],
        )

    def test_submitted_page_waits_for_husbanken(
        self, client, contributor, husbanken_editor, karmoy
    ):
        client.force_login(contributor)
        page = self.submit(client, karmoy)
        assert not page.live
        workflow_state = page.current_workflow_state
        assert workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
        assert workflow_state.workflow.name == moderation.WORKFLOW_NAME
        assert workflow_state.current_task_state.task.name == moderation.TASK_NAME
        assert workflow_state.requested_by == contributor

        # The contributor cannot approve their own page.
        response = client.post(self.approve_url(page, workflow_state))
        assert_sent_to_admin_home(response)
        page.refresh_from_db()
        assert not page.live

        # Husbanken's editor approves, and it goes live.
        client.force_login(husbanken_editor)
        response = client.post(self.approve_url(page, workflow_state))
        assert response.status_code == 302
        page.refresh_from_db()
        assert page.live
        workflow_state.refresh_from_db()
        assert workflow_state.status == WorkflowState.STATUS_APPROVED
        assert client.get(page.url).status_code == 200

    def test_husbanken_editor_publishes_directly(
        self, client, husbanken_editor, karmoy_article
    ):
        assert karmoy_article.permissions_for_user(husbanken_editor).can_publish()
        client.force_login(husbanken_editor)
        response = client.post(
            edit_url(karmoy_article),
            article_data("Rettet av Husbanken", karmoy_article.slug),
        )
        assert response.status_code == 302
        karmoy_article.refresh_from_db()
        assert karmoy_article.title == "Rettet av Husbanken"
        assert not karmoy_article.has_unpublished_changes


FACTORIES = {
    ExperienceArticlePage: ExperienceArticlePageFactory,
    GoodPracticePage: GoodPracticePageFactory,
}
CONFIRMED_TYPES = [
    pytest.param(ExperienceArticlePage, article_data, id="erfaringsartikkel"),
    pytest.param(GoodPracticePage, practice_data, id="godt-eksempel"),
]


@pytest.mark.parametrize("model, data", CONFIRMED_TYPES)
class TestNobodyCanBeRecognised:
    def test_publishing_needs_the_confirmation(self, admin_client, karmoy, model, data):
        response = admin_client.post(
            add_url(model, karmoy), data("Om en familie", "familie", confirmed=False)
        )
        assert response.status_code == 200
        assert IDENTIFIABLE_ERROR in response.content.decode()
        assert not model.objects.filter(slug="familie").exists()

        response = admin_client.post(
            add_url(model, karmoy), data("Om en familie", "familie", confirmed=True)
        )
        assert response.status_code == 302
        page = model.objects.get(slug="familie")
        assert page.live
        assert page.no_identifiable_persons

    def test_submitting_needs_the_confirmation(
        self, contributor_client, karmoy, model, data
    ):
        response = contributor_client.post(
            add_url(model, karmoy),
            data("Om en familie", "familie", confirmed=False, action="action-submit"),
        )
        assert response.status_code == 200
        assert IDENTIFIABLE_ERROR in response.content.decode()
        assert not model.objects.filter(slug="familie").exists()
        assert not WorkflowState.objects.exists()

        response = contributor_client.post(
            add_url(model, karmoy),
            data("Om en familie", "familie", confirmed=True, action="action-submit"),
        )
        assert response.status_code == 302
        page = model.objects.get(slug="familie")
        assert page.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
        assert not page.live

    def test_a_draft_may_be_saved_unconfirmed(
        self, contributor_client, karmoy, model, data
    ):
        response = contributor_client.post(
            add_url(model, karmoy),
            data("Om en familie", "familie", confirmed=False, action=None),
        )
        assert response.status_code == 302
        page = model.objects.get(slug="familie")
        assert not page.live
        assert not page.no_identifiable_persons

    def test_a_live_pages_draft_may_be_saved_unconfirmed_but_not_published(
        self, admin_client, karmoy, model, data
    ):
        page = FACTORIES[model](parent=karmoy, title="Publisert")
        response = admin_client.post(
            edit_url(page), data("Publisert", page.slug, confirmed=False, action=None)
        )
        assert response.status_code == 302
        page.refresh_from_db()
        assert page.live
        assert page.no_identifiable_persons  # the published version
        assert not page.get_latest_revision_as_object().no_identifiable_persons

        response = admin_client.post(
            edit_url(page), data("Publisert", page.slug, confirmed=False)
        )
        assert response.status_code == 200
        assert IDENTIFIABLE_ERROR in response.content.decode()
        page.refresh_from_db()
        assert page.has_unpublished_changes

    def test_an_unconfirmed_draft_cannot_be_published_by_other_means(
        self, karmoy, model, data
    ):
        page = FACTORIES[model](
            parent=karmoy, live=False, no_identifiable_persons=False
        )
        revision = page.save_revision()
        with pytest.raises(ValidationError) as raised:
            revision.publish()
        assert IDENTIFIABLE_ERROR in str(raised.value)
        page.refresh_from_db()
        assert not page.live


def unconfirmed_in_review(karmoy, contributor):
    """A page waiting for Husbanken whose latest version lacks the confirmation.

    The reviewer may have saved it so, or it waited from before the gate was complete.
    """
    page = ExperienceArticlePageFactory(
        parent=karmoy,
        title="Uten bekreftelse",
        live=False,
        no_identifiable_persons=False,
    )
    page.save_revision(user=contributor)
    karmoy.get_workflow().start(page, contributor)
    return ExperienceArticlePage.objects.get(pk=page.pk)


def workflow_action_url(page, action):
    return reverse(
        "wagtailadmin_pages:workflow_action",
        args=[page.pk, action, page.current_workflow_state.current_task_state.pk],
    )


class TestTheConfirmationCannotBeBypassed:
    def test_restarting_the_workflow_needs_the_confirmation(
        self, client, contributor, husbanken_editor, karmoy
    ):
        client.force_login(contributor)
        client.post(
            add_url(ExperienceArticlePage, karmoy),
            article_data("Til godkjenning", "til-godkjenning", action="action-submit"),
        )
        page = ExperienceArticlePage.objects.get(slug="til-godkjenning")
        client.force_login(husbanken_editor)
        client.post(
            workflow_action_url(page, "reject"), {"comment": "Se over navnene."}
        )
        assert page.current_workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES

        client.force_login(contributor)
        response = client.post(
            edit_url(page),
            article_data(
                "Til godkjenning",
                page.slug,
                confirmed=False,
                action="action-restart-workflow",
            ),
        )
        assert response.status_code == 200
        assert IDENTIFIABLE_ERROR in response.content.decode()
        workflow_state = Page.objects.get(pk=page.pk).current_workflow_state
        assert workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES
        assert page.get_latest_revision_as_object().no_identifiable_persons

    def test_the_reviewer_is_told_instead_of_an_error(
        self, client, contributor, husbanken_editor, karmoy
    ):
        page = unconfirmed_in_review(karmoy, contributor)
        client.force_login(husbanken_editor)
        response = client.post(
            workflow_action_url(page, "approve") + "?next=/admin/", follow=True
        )
        assert response.status_code == 200
        assert response.redirect_chain[-1][0] == "/admin/"
        assert (
            "«Uten bekreftelse» kan ikke publiseres før det er bekreftet"
            in response.content.decode()
        )
        page.refresh_from_db()
        assert not page.live
        workflow_state = page.current_workflow_state
        assert workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
        assert workflow_state.current_task_state.status == "in_progress"

        # The workflow is not stuck: the reviewer can ask for changes …
        response = client.post(
            workflow_action_url(page, "reject"), {"comment": "Bekreft anonymiteten."}
        )
        assert response.status_code == 302
        assert page.current_workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES

    def test_in_the_editor_the_reviewer_may_ask_for_changes_but_not_approve(
        self, client, contributor, husbanken_editor, karmoy
    ):
        page = unconfirmed_in_review(karmoy, contributor)
        client.force_login(husbanken_editor)
        approve = article_data(
            page.title,
            page.slug,
            confirmed=False,
            action="action-workflow-action",
            **{"workflow-action-name": "approve"},
        )
        response = client.post(edit_url(page), approve)
        assert response.status_code == 200
        assert IDENTIFIABLE_ERROR in response.content.decode()
        page.refresh_from_db()
        assert not page.live

        reject = article_data(
            page.title,
            page.slug,
            confirmed=False,
            action="action-workflow-action",
            **{
                "workflow-action-name": "reject",
                "workflow-action-extra-data": '{"comment": "Fjern navnene."}',
            },
        )
        response = client.post(edit_url(page), reject)
        assert response.status_code == 302
        assert page.current_workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES
        page.refresh_from_db()
        assert not page.live

    def test_bulk_publishing_leaves_unconfirmed_pages_out(self, admin_client, karmoy):
        confirmed = ExperienceArticlePageFactory(
            parent=karmoy, title="Bekreftet", live=False
        )
        confirmed.save_revision()
        unconfirmed = ExperienceArticlePageFactory(
            parent=karmoy, title="Ubekreftet", live=False, no_identifiable_persons=False
        )
        unconfirmed.save_revision()
        url = (
            reverse("wagtail_bulk_action", args=["wagtailcore", "page", "publish"])
            + f"?id={confirmed.pk}&id={unconfirmed.pk}&next=/admin/"
        )

        response = admin_client.post(url, follow=True)

        assert response.status_code == 200
        content = response.content.decode()
        assert "«Ubekreftet» kan ikke publiseres før det er bekreftet" in content
        confirmed.refresh_from_db()
        unconfirmed.refresh_from_db()
        assert confirmed.live
        assert not unconfirmed.live

    def test_scheduled_publishing_withdraws_an_unconfirmed_schedule(self, karmoy):
        moment = datetime.datetime(2026, 3, 29, 0, 30, tzinfo=datetime.UTC)
        with time_machine.travel(moment, tick=False):
            unconfirmed = ExperienceArticlePageFactory(
                parent=karmoy, live=False, no_identifiable_persons=False
            )
            confirmed = ExperienceArticlePageFactory(parent=karmoy, live=False)
            for minutes, page in ((-20, unconfirmed), (-10, confirmed)):
                revision = page.save_revision()
                revision.approved_go_live_at = moment + datetime.timedelta(
                    minutes=minutes
                )
                revision.save()

            call_command("publish_scheduled")

        confirmed.refresh_from_db()
        unconfirmed.refresh_from_db()
        assert confirmed.live
        assert not unconfirmed.live
        assert not unconfirmed.revisions.filter(
            approved_go_live_at__isnull=False
        ).exists()


class TestOnlyThePortalsGroups:
    def test_wagtails_starter_groups_and_workflow_are_gone_after_migrate(self):
        assert not Group.objects.filter(name__in=["Editors", "Moderators"]).exists()
        assert not Workflow.objects.filter(name="Moderators approval").exists()
        assert not Task.objects.filter(name="Moderators approval").exists()
        assert Group.objects.filter(name=moderation.HUSBANKEN_EDITORS).exists()

    def test_migrate_removes_them_from_an_existing_database(self, home_page):
        editors = Group.objects.create(name="Editors")
        Group.objects.create(name="Moderators")
        task = GroupApprovalTask.objects.create(name="Moderators approval")
        task.groups.set([editors])
        workflow = Workflow.objects.create(name="Moderators approval")
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
        WorkflowPage.objects.create(workflow=workflow, page=Page.get_first_root_node())

        emit_post_migrate_signal(verbosity=0, interactive=False, db="default")

        assert not Group.objects.filter(name__in=["Editors", "Moderators"]).exists()
        assert not Workflow.objects.filter(name="Moderators approval").exists()
        assert not Task.objects.filter(name="Moderators approval").exists()
        assert not WorkflowPage.objects.filter(page__depth=1).exists()
        assert Task.objects.filter(name=moderation.TASK_NAME).exists()


@pytest.mark.parametrize("model", ["person", "targetgroup", "programmegoal"])
def test_husbanken_editors_manage_people_and_the_controlled_lists(
    client, husbanken_editor, model
):
    client.force_login(husbanken_editor)
    listing = client.get(f"/admin/snippets/portal/{model}/")
    assert listing.status_code == 200
    assert client.get(f"/admin/snippets/portal/{model}/add/").status_code == 200


def test_husbanken_editor_adds_a_speaker(client, husbanken_editor):
    from portal.models import Person

    client.force_login(husbanken_editor)
    response = client.post(
        "/admin/snippets/portal/person/add/",
        {
            "name": "Kari Foredragsholder",
            "role": "Rådgiver",
            "organisation": "Husbanken",
        },
    )
    assert response.status_code == 302
    assert Person.objects.filter(name="Kari Foredragsholder").exists()


def test_municipal_contributors_do_not_manage_people(client, contributor):
    client.force_login(contributor)
    response = client.get("/admin/snippets/portal/person/add/")
    assert response.status_code == 302  # Wagtail's "Beklager, du har ikke tilgang"


def test_a_page_its_autosave_creates_while_it_is_published_opens_as_the_draft(
    client, husbanken_editor, karmoy
):
    """Wagtail's create view checks the address in the form, then again when it saves.
    The editor's autosave creates the draft between the two checks (the interleaving is
    made here at the second check): the editor is taken to the draft, not to an error
    page, and there is one page."""
    client.force_login(husbanken_editor)
    checks = []

    def autosave_between_the_checks(execute, sql, params, many, context):
        is_check = "hjemme-hos-oss" in map(str, params or ()) and sql.startswith(
            "SELECT"
        )
        if is_check and not checks:
            checks.append(sql)
        elif is_check and len(checks) == 1:
            checks.append(sql)
            ExperienceArticlePageFactory(
                parent=karmoy, title="Hjemme hos oss", slug="hjemme-hos-oss", live=False
            )
        return execute(sql, params, many, context)

    with connection.execute_wrapper(autosave_between_the_checks):
        response = client.post(
            add_url(ExperienceArticlePage, karmoy),
            article_data("Hjemme hos oss", "hjemme-hos-oss"),
        )

    assert len(checks) == 2
    draft = ExperienceArticlePage.objects.get(slug="hjemme-hos-oss")
    assert response.status_code == 302
    assert response["Location"] == edit_url(draft)
    page = client.get(response["Location"]).content.decode()
    assert "Siden ble lagret automatisk som utkast i samme øyeblikk" in page
