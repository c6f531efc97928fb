"""RSS 2.0 and Atom feeds of a blog's newest posts (Django's syndication framework)."""

import datetime

from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed

from practice_site.content.models import PracticeSettings
from practice_site.edge.site_address import absolute_url


class BlogRssFeed(Feed):
    def __init__(self, blog_index):
        super().__init__()
        self.blog_index = blog_index

    def __call__(self, request, *args, **kwargs):
        self.request = request
        self.practice = PracticeSettings.for_request(request)
        return super().__call__(request, *args, **kwargs)

    def title(self):
        return f"{self.blog_index.title} – {self.practice.practice_name}"

    def link(self):
        return self.blog_index.get_full_url(self.request)

    def feed_url(self):
        # Django would prefix the Host header; the feed's own address is the Site's.
        return absolute_url(self.request, self.request.path)

    def description(self):
        return self.blog_index.intro or f"Articles from {self.practice.practice_name}."

    def items(self):
        posts = self.blog_index.get_posts().prefetch_related("authors")
        return posts[: self.blog_index.feed_length]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.intro

    def item_link(self, item):
        # The Site's configured address, never the Host header the feed was fetched with.
        return item.get_full_url(self.request)

    def item_pubdate(self, item):
        return timezone.make_aware(datetime.datetime.combine(item.date, datetime.time.min))

    def item_updateddate(self, item):
        return item.last_published_at

    def item_author_name(self, item):
        names = [author.name for author in item.authors.all()]
        return ", ".join(names) or self.practice.practice_name

    def item_categories(self, item):
        return [category.name for category in item.categories.all()] + [
            tagged.tag.name for tagged in item.tagged_items.all()
        ]


class BlogAtomFeed(BlogRssFeed):
    feed_type = Atom1Feed

    def subtitle(self):
        return self.description()
