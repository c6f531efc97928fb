"""wagtail.users with the site's user admin (practice_site/editorial/user_admin.py).

In its own module: a second AppConfig in practice_site/content/apps.py would stop Django
from picking PracticeSiteConfig for the practice_site app.
"""

from wagtail.users.apps import WagtailUsersAppConfig


class PracticeUsersAppConfig(WagtailUsersAppConfig):
    user_viewset = "practice_site.editorial.user_admin.UserViewSet"
