// Progressive enhancement only: open the action form a link or a refusal points at.
document.addEventListener("DOMContentLoaded", () => {
  const target = location.hash && document.getElementById(location.hash.slice(1));
  if (target && target.tagName === "DETAILS") {
    target.open = true;
  }
});
