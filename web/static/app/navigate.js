// Navigation between the pages, for pages that move on after an action.
// The router in main.js draws the page of the address.

// go shows the page at path: by changing the address, or, when the address
// is already path, by asking the router to draw the page again.
export function go(path) {
  if (location.hash === "#" + path) window.dispatchEvent(new CustomEvent("sintra:redraw"));
  else location.hash = path;
}
