"""A concert's stored search document survives saves of an instance loaded before it was written."""

import pytest

from concerts.models import Concert
from tests.factories import make_concert, make_programme

pytestmark = pytest.mark.django_db


def test_saving_a_stale_instance_keeps_the_search_document():
    concert = make_concert(title="Evening")
    make_programme(concert, ("Pyotr Ilyich Tchaikovsky", "Violin Concerto in D major", "Op. 35"))
    concert.status = Concert.Status.SOLD_OUT  # `concert` was loaded before its programme existed
    concert.save()
    assert "tchaikovsky" in Concert.objects.get(pk=concert.pk).search_text


def test_a_deleted_concert_recovered_from_its_history_is_saved_again():
    concert = make_concert(title="Recovered")
    pk = concert.pk
    Concert.objects.filter(pk=pk).delete()
    concert.history.first().instance.save()
    assert Concert.objects.get(pk=pk).title == "Recovered"
