"""Web sites whose links the forum refuses, or trusts from anyone."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .choices import DomainListing


def domain_of(address):
    """The lower-case host of a web address or bare domain, without "www."."""
    host = address.strip().lower()
    for scheme in ("https://", "http://"):
        host = host.removeprefix(scheme)
    host = host.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]
    host = host.rsplit("@", 1)[-1].split(":", 1)[0].rstrip(".")
    return host.removeprefix("www.")


class LinkDomainQuerySet(models.QuerySet):
    def listing_for(self, hosts):
        """{host: listing} for the hosts given, a listed domain covering its
        subdomains (example.com lists news.example.com)."""
        candidates = {}
        for host in hosts:
            parts = host.split(".")
            for index in range(len(parts) - 1):
                candidates.setdefault(".".join(parts[index:]), []).append(host)
        listings = {}
        # Longest domain first, so a subdomain's own listing wins over its parent's.
        for domain, listing in sorted(
            self.filter(domain__in=candidates).values_list("domain", "listing"),
            key=lambda pair: -len(pair[0]),
        ):
            for host in candidates[domain]:
                listings.setdefault(host, (domain, listing))
        return listings


class LinkDomain(models.Model):
    """A site on the block list (links to it are refused) or the allow list (links
    to it do not count towards a new account's link limit)."""

    Listing = DomainListing

    domain = models.CharField(
        verbose_name=_("domain"),
        max_length=253,
        unique=True,
        help_text=_("e.g. example.com; it covers its subdomains too."),
    )
    listing = models.CharField(
        verbose_name=_("listing"), max_length=10, choices=DomainListing.choices
    )
    note = models.CharField(verbose_name=_("note"), max_length=200, blank=True)
    created_at = models.DateTimeField(
        verbose_name=_("created at"), default=timezone.now, editable=False
    )

    objects = LinkDomainQuerySet.as_manager()

    class Meta:
        verbose_name = _("link domain")
        verbose_name_plural = _("link domains")
        ordering = ["domain"]

    def __str__(self):
        return f"{self.domain} ({self.get_listing_display().lower()})"

    def clean(self):
        self.domain = domain_of(self.domain)
        if "." not in self.domain or " " in self.domain:
            raise ValidationError(
                {"domain": gettext("Enter a domain such as example.com.")}
            )
