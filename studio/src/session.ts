/** The signed-in person (`GET /api/auth/me`). */
export interface User {
  id: string;
  email: string;
  name: string;
  role: string;
}
