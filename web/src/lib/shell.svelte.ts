// The app shell's own state: whether the navigation drawer is open on small screens.

export class SidebarState {
	open = $state(false);

	toggle() {
		this.open = !this.open;
	}

	close() {
		this.open = false;
	}
}

export const sidebar = new SidebarState();
