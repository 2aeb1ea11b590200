/** Who is making a request, as established from their token. */
export interface TechnicianActor {
  readonly kind: 'technician';
  readonly id: number;
  readonly name: string;
  readonly admin: boolean;
  readonly tokenPrefix: string;
}

export type Actor = TechnicianActor;
