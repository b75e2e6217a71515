// The Alerts page's paging.
export const ALERTS_PAGE_SIZE = 20;
