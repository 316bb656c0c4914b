import type { Page } from './browser';

/**
 * The page's width and the text that reaches past the viewport's right edge
 * (its element and words), as a person on a phone would find it by scrolling sideways. Text clipped out of sight
 * (visually hidden words for screen readers, in a 1px box) is left out: it is laid out past the edge, but no one can
 * scroll to it.
 */
export function sidewaysOverflow(page: Page): Promise<{ width: number; culprits: string[] }> {
  return page.evaluate(`(() => {
    const limit = document.documentElement.clientWidth;
    const culprits = [];
    const clipped = (element) => {
      for (let e = element; e; e = e.parentElement) if (getComputedStyle(e).clipPath !== 'none') return true;
      return false;
    };
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (!node.textContent.trim() || clipped(node.parentElement)) continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      if (range.getBoundingClientRect().right > limit + 0.5) culprits.push(node.parentElement.tagName.toLowerCase() + ': ' + node.textContent.trim().slice(0, 90));
    }
    return { width: document.documentElement.scrollWidth, culprits };
  })()`);
}
