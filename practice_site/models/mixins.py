from django.db import models

from wagtail.admin.panels import FieldPanel, MultiFieldPanel


class CallToActionMixin(models.Model):
    """Lets a page choose its call to action, hide it, or inherit one from above.

    The call to action shown on a page is, in order: none if the page hides
    it; the page's own choice; the nearest ancestor's choice; the site's
    default from Practice settings.
    """

    call_to_action = models.ForeignKey(
        "practice_site.CallToAction",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=(
            "Leave empty to use the one chosen on a parent page, or the site's default "
            "from Practice settings. Pages below this one inherit your choice."
        ),
    )
    hide_call_to_action = models.BooleanField(
        default=False,
        help_text=(
            "Show no call to action at the end of this page (pages below still show theirs)."
        ),
    )

    call_to_action_panels = [
        MultiFieldPanel(
            [FieldPanel("call_to_action"), FieldPanel("hide_call_to_action")],
            heading="Call to action",
        )
    ]

    class Meta:
        abstract = True

    def get_own_or_inherited_call_to_action(self):
        """(found, call_to_action): this page's choice or its nearest ancestor's.

        found is False when neither this page nor an ancestor chose one, so the
        caller falls back to the site default; a page that hides its call to
        action gives (True, None).
        """
        if self.hide_call_to_action:
            return True, None
        if self.call_to_action_id:
            return True, self.call_to_action
        ancestors = self.get_ancestors().filter(depth__gt=1).order_by("-depth").specific()
        for ancestor in ancestors:
            if getattr(ancestor, "call_to_action_id", None):
                return True, ancestor.call_to_action
        return False, None
