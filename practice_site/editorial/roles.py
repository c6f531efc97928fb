"""Staff roles and the clinical review workflow, defined in code so every install has them.

`roles_setup()` is idempotent: it creates what is missing and adds missing
permissions, and never removes anything an administrator granted by hand.

- Authors: write and edit blog drafts, submit them for review; never publish.
- Clinical reviewers: approve (which publishes) or reject blog posts and treatment
  pages in the "Clinical review" workflow.
- Editors: publish any page except blog posts and treatment pages (those go live only
  through Clinical review, see practice_site/editorial/review.py); manage calls to action, menus,
  categories, images, documents.
- Site administrators: all that, plus practice settings, users, redirects and form
  submissions, and publishing a clinical page without review (with a logged reason).
  They manage staff in these four groups only: they cannot make anyone a superuser,
  change or delete a superuser, or give anyone a group outside these four
  (`user_change_refusal`).

Authors get "add" on the blog and not "change": in Wagtail, "add" lets them create
posts and edit, submit and delete only the posts they own (unpublished ones, for
deleting), never other Authors' drafts.

Everyone but Authors must use two-factor sign-in (practice_site/two_factor/policy.py
decides it from these rights).
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction

from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

AUTHORS = "Authors"
CLINICAL_REVIEWERS = "Clinical reviewers"
EDITORS = "Editors"
SITE_ADMINISTRATORS = "Site administrators"
CLINICAL_REVIEW = "Clinical review"

ADMIN_ACCESS = ["wagtailadmin.access_admin"]
EDITOR_MODEL_PERMISSIONS = [
    "practice_site.add_calltoaction",
    "practice_site.change_calltoaction",
    "practice_site.delete_calltoaction",
    "practice_site.publish_calltoaction",
    "practice_site.change_navigationsettings",
    "blog.add_blogcategory",
    "blog.change_blogcategory",
    "blog.delete_blogcategory",
]
ADMINISTRATOR_MODEL_PERMISSIONS = [
    *EDITOR_MODEL_PERMISSIONS,
    "practice_site.change_practicesettings",
    "auth.add_user",
    "auth.change_user",
    "auth.delete_user",
    "wagtailredirects.add_redirect",
    "wagtailredirects.change_redirect",
    "wagtailredirects.delete_redirect",
]
LIBRARY_READ = ["wagtailimages.choose_image", "wagtaildocs.choose_document"]
LIBRARY_WRITE = [
    *LIBRARY_READ,
    "wagtailimages.add_image",
    "wagtaildocs.add_document",
]
LIBRARY_MANAGE = [
    *LIBRARY_WRITE,
    "wagtailimages.change_image",
    "wagtailimages.delete_image",
    "wagtaildocs.change_document",
    "wagtaildocs.delete_document",
]
EDITOR_PAGE_PERMISSIONS = ["add", "change", "publish", "lock", "unlock"]
# The groups whose members publish or approve; with superusers, they must use 2FA
# before launch (the dashboard's launch checklist).
PUBLISHER_GROUPS = [EDITORS, CLINICAL_REVIEWERS, SITE_ADMINISTRATORS]


STAFF_ROLES = [AUTHORS, CLINICAL_REVIEWERS, EDITORS, SITE_ADMINISTRATORS]


def user_change_refusal(actor, target, data) -> str | None:
    """Why `actor` may not create or change the user `target` (None for a new user) with
    the submitted form `data`, or None when they may. Superusers may do anything."""
    if actor.is_superuser:
        return None
    if target is not None and target.is_superuser:
        return "Only a superuser can change or delete a superuser."
    if data is None:
        return None
    if data.get("is_superuser") not in (None, "", "false", "off"):
        return "Only a superuser can make someone a superuser."
    requested = set(data.getlist("groups"))
    allowed = {
        str(pk) for pk in Group.objects.filter(name__in=STAFF_ROLES).values_list("pk", flat=True)
    }
    if target is not None:
        # Groups the user already has stay, whoever gave them.
        allowed |= {str(pk) for pk in target.groups.values_list("pk", flat=True)}
    if not requested <= allowed:
        return "Only a superuser can give someone a group other than the staff roles."
    return None


def is_site_administrator(user) -> bool:
    return user.is_active and (
        user.is_superuser or user.groups.filter(name=SITE_ADMINISTRATORS).exists()
    )


def _permission(dotted: str) -> Permission:
    app_label, codename = dotted.split(".")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def _grant(group: Group, dotted_permissions: list[str]) -> None:
    group.permissions.add(*[_permission(name) for name in dotted_permissions])


def _grant_pages(group: Group, page: Page, permission_types: list[str]) -> None:
    for permission_type in permission_types:
        GroupPagePermission.objects.get_or_create(
            group=group,
            page=page,
            permission=Permission.objects.get(
                content_type__app_label="wagtailcore", codename=f"{permission_type}_page"
            ),
        )


def _grant_collection(group: Group, collection: Collection, dotted_permissions: list[str]):
    for name in dotted_permissions:
        GroupCollectionPermission.objects.get_or_create(
            group=group, collection=collection, permission=_permission(name)
        )


@transaction.atomic
def roles_setup(
    *, home: Page, blog_indexes: list[Page], clinical_pages: list[Page]
) -> dict[str, Group]:
    """Create the four groups, Authors' rights on `blog_indexes`, and the clinical review
    workflow on `clinical_pages` (the blog and the treatments)."""
    groups = {
        name: Group.objects.get_or_create(name=name)[0]
        for name in (AUTHORS, CLINICAL_REVIEWERS, EDITORS, SITE_ADMINISTRATORS)
    }
    root_collection = Collection.get_first_root_node()

    for group in groups.values():
        _grant(group, ADMIN_ACCESS)

    for blog in blog_indexes:
        _grant_pages(groups[AUTHORS], blog, ["add"])
        # The one right this removes: "change" (granted before) let Authors edit,
        # submit and delete every Author's drafts.
        GroupPagePermission.objects.filter(
            group=groups[AUTHORS], page=blog, permission__codename="change_page"
        ).delete()
    _grant_collection(groups[AUTHORS], root_collection, LIBRARY_WRITE)

    # Publishing a clinical page needs the approval itself, not this permission
    # (practice_site/editorial/review.py); it lets reviewers unpublish and unschedule there.
    for page in clinical_pages:
        _grant_pages(groups[CLINICAL_REVIEWERS], page, ["change", "publish"])
    _grant_collection(groups[CLINICAL_REVIEWERS], root_collection, LIBRARY_READ)

    for name, model_permissions in (
        (EDITORS, EDITOR_MODEL_PERMISSIONS),
        (SITE_ADMINISTRATORS, ADMINISTRATOR_MODEL_PERMISSIONS),
    ):
        _grant(groups[name], model_permissions)
        _grant_pages(groups[name], home, EDITOR_PAGE_PERMISSIONS)
        _grant_collection(groups[name], root_collection, LIBRARY_MANAGE)

    _clinical_review_workflow_setup(groups[CLINICAL_REVIEWERS], clinical_pages)
    return groups


def _clinical_review_workflow_setup(reviewers: Group, pages: list[Page]) -> Workflow:
    task = GroupApprovalTask.objects.filter(name=CLINICAL_REVIEW).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=CLINICAL_REVIEW)
        task.groups.set([reviewers])
    workflow, created = Workflow.objects.get_or_create(name=CLINICAL_REVIEW)
    if created:
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    for page in pages:
        # A page that already has a workflow keeps it: that was an administrator's choice.
        WorkflowPage.objects.get_or_create(page=page, defaults={"workflow": workflow})
    return workflow
