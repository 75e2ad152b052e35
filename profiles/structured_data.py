"""schema.org Person for the biography page, built from the profile and awards the page already loaded."""


def person(profile, awards, request, same_as=()):
    """`same_as`: the artist's official profiles elsewhere; the site has no source for them yet."""
    data = {
        "@context": "https://schema.org",
        "@type": "Person",
        "name": profile.name,
        "url": request.build_absolute_uri(profile.get_absolute_url()),
        "jobTitle": profile.tagline or "Violinist",
        "description": profile.short_bio,
        "sameAs": list(same_as),
    }
    if profile.birth_place:
        data["birthPlace"] = {"@type": "Place", "name": profile.birth_place}
    if profile.portrait:
        data["image"] = request.build_absolute_uri(profile.portrait.url)
    # schema.org has no separate property for nominations; the text says the result ("(nominated)"), so a
    # nomination is never presented as a win.
    award_texts = [str(award) for award in awards]
    if award_texts:
        data["award"] = award_texts
    return data
