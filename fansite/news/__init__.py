"""News posts: title, Markdown body cleaned like pages, optional picture, publishable and schedulable like
everything else. List and detail pages, an Atom feed, a sitemap, search; the home page shows the latest,
and an editor can send a post to newsletter subscribers (a newsletter that names it)."""
