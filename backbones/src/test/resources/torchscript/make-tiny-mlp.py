import torch

class Tiny(torch.nn.Module):
    """Linear-BatchNorm1d-ReLU-Linear: 16-d vectors to 8 features."""
    def __init__(self):
        super().__init__()
        self.fc1 = torch.nn.Linear(16, 12)
        self.bn = torch.nn.BatchNorm1d(12)
        self.fc2 = torch.nn.Linear(12, 8)

    def forward(self, x):
        return self.fc2(torch.relu(self.bn(self.fc1(x))))

torch.manual_seed(0)
torch.jit.script(Tiny()).save("tiny-mlp.pt")
