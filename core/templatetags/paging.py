from django import template

register = template.Library()


@register.filter
def elided_pages(page):
    """The page numbers to link around the current page: 1 2 … 9 10 [11] 12 13 … 99 100."""
    return page.paginator.get_elided_page_range(page.number)
