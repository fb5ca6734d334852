/** A person who can sign in to the development provider. */
export interface DemoUser {
  login: string;
  password: string;
  name: string;
  roles: string[];
}

/**
 * The two demo logins of the development provider, printed by `npm start`. Development
 * only: the passwords are public, the provider keeps everything in memory.
 */
export const DEMO_USERS: readonly DemoUser[] = [
  { login: 'viewer', password: 'viewer', name: 'Demo Viewer', roles: ['viewer'] },
  { login: 'operator', password: 'operator', name: 'Demo Operator', roles: ['viewer', 'operator'] },
];
