// The only script of a page served without the app (decision 0019): the header's disclosures (the
// narrow-screen menu and the staff group) work as they do in the app, a button with aria-expanded that
// Escape closes. Everything else on such a page is links and plain HTML.
function disclosure(button: HTMLButtonElement, open: (on: boolean) => void) {
  button.addEventListener('click', () => {
    const on = button.getAttribute('aria-expanded') !== 'true';
    button.setAttribute('aria-expanded', String(on));
    open(on);
  });
  document.addEventListener('keydown', (e) => {
    if (e.key !== 'Escape' || button.getAttribute('aria-expanded') !== 'true') return;
    button.setAttribute('aria-expanded', 'false');
    open(false);
    button.focus();
  });
}

const menuButton = document.querySelector<HTMLButtonElement>('.nav-toggle');
const menu = document.getElementById('site-menu');
if (menuButton && menu) disclosure(menuButton, (on) => menu.classList.toggle('site-menu-open', on));

const staffButton = document.querySelector<HTMLButtonElement>('.nav-group-button');
const staff = document.getElementById('nav-staff');
if (staffButton && staff) disclosure(staffButton, (on) => (staff.hidden = !on));
