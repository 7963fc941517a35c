namespace SmsBuyz.Analytics.Tests.Page;

/// <summary>What the browser tests read off the pages, as JSON, through the DOM (text as a person sees it).</summary>
internal static class PageScript
{
    private const string Text = "const t = (e, s) => e.querySelector(s)?.textContent.trim();";

    public const string Overview = $$"""
        (() => { {{Text}}
          return JSON.stringify({
            cheapest: [...document.querySelectorAll('#cheapest-table tr[data-product]')].map(r => ({ product: r.dataset.product,
              country: t(r, '.country'), operator: t(r, '.operator'), price: t(r, '.price'), qty: t(r, '.qty'), median: t(r, '.median') })),
            rules: [...document.querySelectorAll('#rules-table tr[data-rule]')].map(r => ({ rule: r.dataset.rule, orders: t(r, '.orders-today'), spent: t(r, '.spent-today') })),
            spentToday: t(document, '#spent-today'),
            orders: [...document.querySelectorAll('#orders-table tr[data-order]')].map(r => ({ id: r.dataset.order, state: t(r, '.state'), code: t(r, '.code') })),
            sweeps: [...document.querySelectorAll('#sweeps-table tr[data-kind]:not(.sweep-error)')].map(r => ({ kind: r.dataset.kind, id: t(r, 'td:nth-child(2)'), errors: t(r, '.errors') })),
            sweepErrors: [...document.querySelectorAll('#sweeps-table tr.sweep-error')].map(r => r.textContent.trim()),
            alerts: document.querySelectorAll('#alerts-table tr').length - 1 < 0 ? 0 : document.querySelectorAll('#alerts-table tr').length - 1,
            killSwitch: t(document, '#kill-switch'),
            links: [...document.querySelectorAll('header a')].map(a => a.href),
            scripts: document.scripts.length
          }); })()
        """;

    public const string Offer = $$"""
        (() => { {{Text}}
          return JSON.stringify({
            product: t(document, '#offer-product'), country: t(document, '#offer-country'), operator: t(document, '#offer-operator'),
            price: t(document, '#offer-price'), qty: t(document, '#offer-qty'),
            deliveryOrders: t(document, '#delivery-table .orders'),
            charts: [...document.querySelectorAll('img.chart')].map(i => ({ src: i.src, width: i.naturalWidth }))
          }); })()
        """;

    public const string Report = """
        JSON.stringify({
          firstHeading: document.querySelector('h2')?.textContent,
          images: [...document.images].map(i => ({ src: i.src, width: i.naturalWidth }))
        })
        """;
}
